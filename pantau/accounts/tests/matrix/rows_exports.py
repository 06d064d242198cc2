"""Downloads of the lists (pantau/lib/exports.py): each ``<list>/export.xlsx|csv`` is answered by the
list's own view, so exactly the roles that see the list get its file; the route takes GET only (a POST
is refused with 405 before anything else, signed in or not)."""

from __future__ import annotations

from pantau.accounts.tests.matrix.table import (
    ADMINS,
    CASE_WORKERS,
    CHILD_ROLES,
    FINDING_VIEWERS,
    STAFF,
    SUPERVISION_VIEWERS,
    TRIAGERS,
    Row,
    allow,
    rows,
)

SUPERVISOR = frozenset({"supervisor"})
AUDITOR = frozenset({"auditor"})

ROWS: list[Row] = [
    *rows("children:child_export", "/children/export.xlsx?status=all", GET=allow(CHILD_ROLES)),
    *rows("cases:case_export", "/cases/export.csv?status=all", GET=allow(CASE_WORKERS)),
    *rows("cases:triage_export", "/cases/triage/export.xlsx", GET=allow(TRIAGERS)),
    *rows("cases:referral_export", "/cases/referrals/export.xlsx", GET=allow(CASE_WORKERS)),
    *rows("cases:follow_up_export", "/cases/follow-ups/export.xlsx", GET=allow(CASE_WORKERS)),
    *rows("supervision:visit_export", "/supervision/visits/export.xlsx", GET=allow(SUPERVISION_VIEWERS)),
    *rows(
        "supervision:finding_export", "/supervision/findings/export.csv?show=all", GET=allow(FINDING_VIEWERS)
    ),
    *rows("familycare:file_export", "/family-care/export.xlsx?region=36.03", GET=allow(SUPERVISOR)),
    *rows("familycare:family_export", "/family-care/families/export.xlsx", GET=allow(SUPERVISOR)),
    *rows("linkage:pair_export", "/duplicates/export.xlsx", GET=allow(SUPERVISOR)),
    *rows("accounts:organisation_export", "/organisations/export.xlsx", GET=allow(STAFF)),
    *rows("accounts:user_export", "/users/export.csv", GET=allow(ADMINS)),
    *rows("audit:event_export", "/audit/export.xlsx", GET=allow(AUDITOR)),
]
