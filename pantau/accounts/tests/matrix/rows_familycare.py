"""Family-based care: the files and the families applying are Dinas Sosial's work (the supervisor of
the world's Dinas Sosial; its UPTD case worker is no Dinas Sosial, the police, KPAI and the home see
none of it); the rules are read by those who work the files and by the administrator who publishes
them. Another office (Medan) gets 404 on Tangerang's families and files."""

from __future__ import annotations

from pantau.accounts.tests.matrix.table import ALL, Row, allow, rows

FAMILY_CARE = frozenset({"supervisor"})
CONFIGURE = frozenset({"system_admin"})
IN_OUT_VIEW = {"in": allow(FAMILY_CARE), "out": allow(hide=FAMILY_CARE)}
# The small forms of a file's or family's page: an empty or bad form comes back with its errors (400).
IN_OUT_WRITE = {"in": allow(FAMILY_CARE, 400), "out": allow(hide=FAMILY_CARE)}

ROWS: list[Row] = [
    *rows("familycare:file_list", "/family-care/?state=open&region=36.03", both=allow(FAMILY_CARE)),
    *rows("familycare:file_detail", "/family-care/files/{care_file}/", both=IN_OUT_VIEW),
    *rows("familycare:file_step", "/family-care/files/{care_file}/step/", POST=IN_OUT_WRITE, data={}),
    *rows("familycare:file_close", "/family-care/files/{care_file}/close/", POST=IN_OUT_WRITE, data={}),
    *rows("familycare:file_visit", "/family-care/files/{care_file}/visit/", POST=IN_OUT_WRITE, data={}),
    *rows(
        "familycare:file_red_flags",
        "/family-care/files/{care_file}/red-flags/",
        POST=IN_OUT_WRITE,
        data={"money_paid": "-1"},
    ),
    # An applicant's name searched for is posted and kept on the server, like a child's.
    *rows(
        "familycare:family_list",
        "/family-care/families/",
        GET=allow(FAMILY_CARE),
        POST=allow(FAMILY_CARE, 302),
        data={"q": "Keluarga"},
    ),
    *rows(
        "familycare:family_new",
        "/family-care/families/new/",
        GET=allow(FAMILY_CARE),
        POST=allow(FAMILY_CARE, 400),
        data={"applicant_name": ""},
    ),
    *rows("familycare:family_detail", "/family-care/families/{family}/", both=IN_OUT_VIEW),
    *rows(
        "familycare:family_document", "/family-care/families/{family}/document/", POST=IN_OUT_WRITE, data={}
    ),
    *rows("familycare:file_open", "/family-care/families/{family}/open/", POST=IN_OUT_WRITE, data={}),
    *rows("familycare:rule_list", "/family-care/rules/", both=allow(FAMILY_CARE | CONFIGURE)),
    *rows(
        "familycare:rule_new",
        "/family-care/rules/adoption/new/",
        GET=allow(CONFIGURE),
        POST=allow(CONFIGURE, 400),
        data={"note": ""},
    ),
    # The figures (views_figures.py): counts per region, no one named, for every staff role, like the
    # children's figures.
    *rows("familycare:figures", "/family-care/figures/", both=allow(ALL)),
]
