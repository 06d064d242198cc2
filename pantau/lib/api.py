"""Shared pieces of the /api/v1 contract that every app's router uses: the error body and pagination.

They live in ``lib`` (which imports no Pantau app) so that domain apps can use them without importing
``pantau.api``, which itself imports every app's router.
"""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.http import HttpRequest
from ninja import Field, Schema
from ninja.pagination import PageNumberPagination

from pantau.lib import paging
from pantau.lib.paging import COUNT_CAP

# Deeper pages than this are refused (422): page 10,000 of 100 rows is already a million-row offset,
# and an unbounded page number overflowed PostgreSQL's bigint OFFSET (a 500 before).
MAX_PAGE = 10_000
MAX_PAGE_SIZE = 100


class ErrorOut(Schema):
    """Every error the API answers: 401, 403, 404, 405, 422, 429 and 500.

    ``detail`` is a sentence in the user's language, or for 422 a mapping of field name (``__all__``
    for the request as a whole) to sentences. ``request_id`` is set on 500 answers: quote it to the
    administrator (it is also in the ``X-Request-ID`` header of every answer).
    """

    detail: str | dict[str, list[str]]
    # Only a 500 carries a request id; the other answers are just ``{"detail": ...}``.
    request_id: str | None = Field(None, exclude_if=lambda value: value is None)


class Pages(PageNumberPagination):
    """Ninja's page-number pagination with bounds: a page or page size out of range answers 422."""

    class Input(Schema):
        page: int = Field(1, ge=1, le=MAX_PAGE)
        page_size: int | None = Field(None, ge=1, le=MAX_PAGE_SIZE)

    def __init__(self, page_size: int = MAX_PAGE_SIZE, **kwargs: Any) -> None:
        super().__init__(page_size=page_size, max_page_size=MAX_PAGE_SIZE, **kwargs)


class LargeListPages(Pages):
    """``Pages`` for lists that can hold a province's 100,000 rows: the page's keys first, then their
    rows (``lib/paging.py``); ``count`` stops at 10,000 and ``count_capped`` says when there are more."""

    class Output(Schema):
        items: list[Any]
        count: int = Field(description=f"rows in the list, counted up to {COUNT_CAP:,}")
        count_capped: bool = Field(description=f"true when the list holds more than {COUNT_CAP:,} rows")

    def paginate_queryset(
        self, queryset: QuerySet[Any], pagination: Any, request: HttpRequest, **params: Any
    ) -> Any:
        size = self._get_page_size(pagination.page_size)
        cap = paging.COUNT_CAP
        counted = paging.capped_count(queryset, cap)
        return {
            "items": paging.rows_by_keys_first(queryset, (pagination.page - 1) * size, size),
            "count": min(counted, cap),
            "count_capped": counted > cap,
        }
