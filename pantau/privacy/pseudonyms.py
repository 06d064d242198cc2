"""The pseudonymised export for analysts: children and children in cases, joinable, never identifying.

Each person gets a keyed hash (HMAC-SHA256 under settings.PANTAU_PSEUDONYM_KEY, a key of its own: not
the NIK blind-index key, so a pseudonym can never be matched against the NIK index). It is computed
from the record's number in Pantau, not from a NIK or a name, so the same child has the same
pseudonym in both tables (a child in a case linked to its record) and a new key gives new pseudonyms.
A child in a case without a record in Pantau gets a pseudonym of its own case-child row.

Columns are limited to what analysis needs and cannot point at a person: sex, birth YEAR or an age
band, status, reasons and outcomes as codes, the kabupaten/kota (never a village), the year and month of
admission or of the case. Never a name, NIK, KK, exact date of birth, address or the home's name.
"""

from __future__ import annotations

import hashlib
import hmac
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.db.models import QuerySet
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from pantau.accounts.access import (
    UserLike,
    pseudonymised_case_children_scope,
    pseudonymised_children_scope,
)
from pantau.cases.models import CaseChild
from pantau.children.models import Child

DIGITS = 20  # 80 bits of the HMAC: no collision among a country's children in practice


def pseudonym(kind: str, pk: int, *, key: bytes | None = None) -> str:
    secret = settings.PANTAU_PSEUDONYM_KEY if key is None else key
    return hmac.new(secret, f"{kind}\0{pk}".encode(), hashlib.sha256).hexdigest()[:DIGITS]


def kabupaten(code: str | None) -> str:
    """A region code cut to the kabupaten/kota ("36.03.03.2001" -> "36.03")."""
    return ".".join((code or "").split(".")[:2])


def age_band(age: int | None) -> str:
    if age is None:
        return ""
    for upper, label in ((4, "0-4"), (9, "5-9"), (14, "10-14"), (17, "15-17")):
        if age <= upper:
            return label
    return "18+"


def child_pseudonym(child_id: int | None, case_child_id: int, *, key: bytes | None = None) -> str:
    if child_id is not None:
        return pseudonym("child", child_id, key=key)
    return pseudonym("case-child", case_child_id, key=key)


@dataclass(frozen=True)
class Table:
    key: str
    title: Promise
    header: tuple[str, ...]  # column names for analysts (English codes, not translated)


CHILDREN = Table(
    "children",
    _("Children in care and who left care"),
    ("person", "sex", "birth_year", "status", "admission_reason", "admitted_month", "kabupaten", "home"),
)
CASE_CHILDREN = Table(
    "case-children",
    _("Children in cases"),
    (
        "person",
        "case",
        "sex",
        "age_band",
        "form_of_violence",
        "cluster",
        "case_status",
        "opened_month",
        "kabupaten",
        "outcome",
    ),
)
TABLES = {t.key: t for t in (CHILDREN, CASE_CHILDREN)}


def children_rows(user: UserLike, *, key: bytes | None = None) -> tuple[QuerySet[Any], Iterator[list[Any]]]:
    rows = (
        pseudonymised_children_scope(user, Child.objects.all())
        .order_by("pk")
        .values_list(
            "pk", "sex", "birth_date", "status", "admission_reason", "admitted_on", "region_code", "lksa_id"
        )
    )

    def lines() -> Iterator[list[Any]]:
        for pk, sex, born, status, reason, admitted, region, lksa_id in rows.iterator(chunk_size=2000):
            yield [
                pseudonym("child", pk, key=key),
                sex,
                born.year if born else "",
                status,
                reason,
                admitted.strftime("%Y-%m") if admitted else "",
                kabupaten(region),
                pseudonym("home", lksa_id, key=key),
            ]

    return rows, lines()


def case_children_rows(
    user: UserLike, *, key: bytes | None = None
) -> tuple[QuerySet[Any], Iterator[list[Any]]]:
    rows = (
        pseudonymised_case_children_scope(user, CaseChild.objects.all())
        .order_by("pk")
        .values_list(
            "pk",
            "child_id",
            "case_id",
            "sex",
            "age",
            "case__form_of_violence",
            "case__cluster",
            "case__status",
            "case__opened_at",
            "case__region_code",
            "outcome",
        )
    )

    def lines() -> Iterator[list[Any]]:
        for pk, child_id, case_id, sex, age, form, cluster, status, opened, region, outcome in rows.iterator(
            chunk_size=2000
        ):
            yield [
                child_pseudonym(child_id, pk, key=key),
                pseudonym("case", case_id, key=key),
                sex,
                age_band(age),
                form,
                cluster,
                status,
                opened.strftime("%Y-%m") if opened else "",
                kabupaten(region),
                outcome,
            ]

    return rows, lines()


def table_rows(
    table: str, user: UserLike, *, key: bytes | None = None
) -> tuple[QuerySet[Any], Iterator[list[Any]]]:
    if table == CHILDREN.key:
        return children_rows(user, key=key)
    return case_children_rows(user, key=key)
