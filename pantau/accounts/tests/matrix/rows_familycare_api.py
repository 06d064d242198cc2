"""Family-based care over the API: as its pages (rows_familycare.py), files and families are Dinas
Sosial's (the world's supervisor; Medan's office gets 404 on Tangerang's records); the rules are read by
Dinas Sosial and the administrator; the figures, counts with small numbers withheld, by all staff."""

from __future__ import annotations

from pantau.accounts.tests.matrix.table import ALL, Row, allow, api

FAMILY_CARE = frozenset({"supervisor"})
IN_OUT_VIEW = {"in": allow(FAMILY_CARE), "out": allow(hide=FAMILY_CARE)}
# A well-formed body the service refuses (the world's file is at the application: trial care is not
# its next step; no child has number 999999): 422 for Dinas Sosial, after every permission check.
IN_OUT_REFUSED = {"in": allow(FAMILY_CARE, 422), "out": allow(hide=FAMILY_CARE)}

ROWS: list[Row] = [
    api("/family-care/files", "GET", allow(FAMILY_CARE)),
    api("/family-care/files/{file_id}", "GET", IN_OUT_VIEW, url="/family-care/files/{care_file}"),
    api(
        "/family-care/files/{file_id}/steps",
        "POST",
        IN_OUT_REFUSED,
        url="/family-care/files/{care_file}/steps",
        data={"stage": "trial_care", "done_on": "2026-06-01", "document_number": "-", "issued_by": "-"},
    ),
    api("/family-care/families", "GET", allow(FAMILY_CARE)),
    api("/family-care/families/{family_id}", "GET", IN_OUT_VIEW, url="/family-care/families/{family}"),
    api(
        "/family-care/families/{family_id}/files",
        "POST",
        IN_OUT_REFUSED,
        url="/family-care/families/{family}/files",
        data={"child_id": 999999, "kind": "adoption", "opened_on": "2026-06-01"},
    ),
    api("/family-care/rules", "GET", allow(FAMILY_CARE | {"system_admin"})),
    api("/family-care/figures", "GET", allow(ALL)),
]
