"""Pages of very large lists (a province's 100,000 children in care, the nation's registry).

Django's Paginator counts every row in scope and fetches a page with all its joins at an OFFSET: over a
hundred thousand rows that is two long scans per page. ``LargeListPaginator`` instead

* counts at most ``COUNT_CAP`` rows (beyond that the list says "more than 10,000": nobody pages through
  200 pages of 50 names; they search or filter), and
* fetches the page's primary keys first, ordered and offset over the narrow index that serves the
  ordering, then the full rows (and their joins) of just those keys, in that order.
"""

from __future__ import annotations

from typing import Any

from django.core.paginator import Page, Paginator
from django.db.models import QuerySet
from django.utils.functional import cached_property

COUNT_CAP = 10_000


def capped_count(queryset: QuerySet[Any], cap: int | None = None) -> int:
    """The number of rows, counting at most ``cap + 1`` (a COUNT over a LIMITed subquery stops there
    whatever the scope's size): more than ``cap`` (default ``COUNT_CAP``) means "more than cap"."""
    cap = COUNT_CAP if cap is None else cap
    return int(queryset.order_by().values("pk")[: cap + 1].count())


def rows_by_keys_first(queryset: QuerySet[Any], offset: int, size: int) -> list[Any]:
    """Rows ``offset`` to ``offset + size`` of the ordered ``queryset``: their keys from the index that
    serves the ordering, then the full rows (with their joins) of just those keys, in that order."""
    keys = list(queryset.values_list("pk", flat=True)[offset : offset + size])
    rows = queryset.order_by().in_bulk(keys)
    return [rows[key] for key in keys if key in rows]


class LargeListPaginator(Paginator):
    def __init__(self, object_list: QuerySet[Any], per_page: int, count_cap: int | None = None) -> None:
        super().__init__(object_list, per_page)
        self.count_cap = COUNT_CAP if count_cap is None else count_cap

    @cached_property
    def _counted(self) -> int:
        return capped_count(self.object_list, self.count_cap)

    @cached_property
    def count(self) -> int:
        return min(self._counted, self.count_cap)

    @cached_property
    def capped(self) -> bool:
        """More rows than counted: the last page shown is not the list's last."""
        return self._counted > self.count_cap

    def page(self, number: Any) -> Page:
        number = self.validate_number(number)
        rows = rows_by_keys_first(self.object_list, (number - 1) * self.per_page, self.per_page)
        return self._get_page(rows, number, self)
