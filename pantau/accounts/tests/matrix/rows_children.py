"""Children in care: names and identifiers stay with the home, Dinas Sosial and UPTD PPA (need to
know); records are kept by the home and Dinas Sosial; figures name no child and are for everyone."""

from __future__ import annotations

from pantau.accounts.tests.matrix.table import ALL, CHILD_MANAGERS, CHILD_ROLES, Row, allow, api, rows

IN_OUT_VIEW = {"in": allow(CHILD_ROLES), "out": allow(hide=CHILD_ROLES)}
IN_OUT_WRITE = {"in": allow(CHILD_MANAGERS, 400), "out": allow(hide=CHILD_MANAGERS)}
SIGNERS = frozenset({"supervisor"})

ROWS: list[Row] = [
    # The name searched for is posted and kept on the server; the list is then shown by a search id.
    *rows(
        "children:child_list",
        "/children/",
        GET=allow(CHILD_ROLES),
        POST=allow(CHILD_ROLES, 302),
        data={"q": "Anak", "status": "in_care"},
    ),
    *rows("children:reviews_due", "/children/reviews-due/", both=allow(CHILD_ROLES)),
    *rows("children:quality", "/children/quality/", both=allow(CHILD_ROLES)),
    # Suggestions of homes by name: for the list's filter (homes the reader sees) and for a transfer
    # (any operating home; names are public).
    *rows("children:home_options", "/children/homes/?home=Panti", both=allow(CHILD_ROLES)),
    *rows(
        "children:transfer_homes",
        "/children/homes/transfer/?receiving_lksa=Panti",
        both=allow(CHILD_MANAGERS),
    ),
    *rows("children:figures", "/children/figures/?level=province", both=allow(ALL)),
    *rows(
        "children:child_admit",
        "/children/admit/",
        GET=allow(CHILD_MANAGERS),
        POST=allow(CHILD_MANAGERS, 400),
        data={"full_name": ""},
    ),
    *rows("children:child_detail", "/children/{child}/", both=IN_OUT_VIEW),
    *rows(
        "children:child_identity",
        "/children/{child}/identity/",
        POST={"in": allow(CHILD_ROLES), "out": allow(hide=CHILD_ROLES)},
        data={},
    ),
    *rows(
        "children:child_edit",
        "/children/{child}/edit/",
        GET={"in": allow(CHILD_MANAGERS), "out": allow(hide=CHILD_MANAGERS)},
        POST={"in": allow(CHILD_MANAGERS, 400), "out": allow(hide=CHILD_MANAGERS)},
        data={"full_name": ""},
    ),
    # The small forms of a child's page: an empty form comes back on the page, open with its errors (400).
    *rows("children:child_care_plan", "/children/{child}/care-plan/", POST=IN_OUT_WRITE, data={}),
    *rows("children:child_tracing", "/children/{child}/tracing/", POST=IN_OUT_WRITE, data={}),
    *rows("children:child_follow_up", "/children/{child}/follow-up/", POST=IN_OUT_WRITE, data={}),
    *rows("children:child_gatekeeping", "/children/{child}/gatekeeping/", POST=IN_OUT_WRITE, data={}),
    *rows("children:child_placement", "/children/{child}/placement/", POST=IN_OUT_WRITE, data={}),
    # Signing off the gatekeeping assessment is Dinas Sosial's (supervisor; a Dinas Sosial social
    # worker too, whom the world's UPTD case worker is not), never the home's: the LKSA operator is
    # refused (403). The world's child has no assessment yet: the sign-off comes back refused (400).
    *rows(
        "children:child_gatekeeping_signoff",
        "/children/{child}/gatekeeping/sign-off/",
        POST={"in": allow(SIGNERS, 400), "out": allow(hide=SIGNERS)},
        data={"confirm": "on"},
    ),
    # Imports are seen within the office that ran them (the world's are Dinas Sosial's).
    *rows(
        "children:import_list",
        "/children/imports/",
        GET=allow(CHILD_MANAGERS),
        POST=allow(CHILD_MANAGERS, 400),
        data={"note": "-"},
    ),
    *rows("children:import_template", "/children/imports/template.xlsx", both=allow(CHILD_MANAGERS)),
    *rows(
        "children:import_detail",
        "/children/imports/{child_import}/",
        both={"in": allow({"supervisor"}, lksa_operator=404), "out": allow(hide=CHILD_MANAGERS)},
    ),
    *rows(
        "children:import_errors",
        "/children/imports/{child_import}/errors.csv",
        both={"in": allow({"supervisor"}, lksa_operator=404), "out": allow(hide=CHILD_MANAGERS)},
    ),
    *rows(
        "children:import_rerun",
        "/children/imports/{child_import}/rerun/",
        POST={"in": allow({"supervisor"}, 302, lksa_operator=404), "out": allow(hide=CHILD_MANAGERS)},
    ),
    # API
    api("/children", "GET", allow(CHILD_ROLES)),
    api("/children/figures", "GET", allow(ALL)),
    api("/children/{child_id}", "GET", IN_OUT_VIEW, url="/children/{child}"),
    api(
        "/children/{child_id}/identity",
        "POST",
        {"in": allow(CHILD_ROLES), "out": allow(hide=CHILD_ROLES)},
        url="/children/{child}/identity",
        data={},
    ),
    api(
        "/children/{child_id}/gatekeeping/sign-off",
        "POST",
        {"in": allow(SIGNERS, 422), "out": allow(hide=SIGNERS)},
        url="/children/{child}/gatekeeping/sign-off",
        data={"confirm": True},
    ),
]
