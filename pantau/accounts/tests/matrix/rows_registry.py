"""The LKSA registry: everyone with the registry sees their jurisdiction (an operator: their own home);
Dinas Sosial supervisors register, edit, import and verify; the home's operator keeps its contact
details and proposes legal changes (maker-checker)."""

from __future__ import annotations

from pantau.accounts.tests.matrix.table import ALL, Row, allow, api, rows

NOT_SYSADMIN = ALL - {"system_admin"}
# Proposals are seen by the home that made them and by the Dinas Sosial that verifies them.
PROPOSALS = {"supervisor", "lksa_operator"}
SUPERVISOR = {"supervisor"}
OPERATOR = {"lksa_operator"}

ROWS: list[Row] = [
    *rows("registry:lksa_list", "/registry/", both=allow(ALL)),
    *rows("registry:expiring", "/registry/expiring/", both=allow(ALL)),
    *rows("registry:export", "/registry/export.csv", both=allow(ALL)),
    *rows("registry:change_list", "/registry/changes/", both=allow(ALL)),
    *rows(
        "registry:lksa_detail",
        "/registry/{lksa}/",
        both={"in": allow(ALL), "out": allow({"system_admin"}, hide=NOT_SYSADMIN)},
    ),
    # Registering and editing: Dinas Sosial supervisors, in their jurisdiction. An empty form is
    # refused by the form (400) once the guards let it through.
    *rows(
        "registry:lksa_create",
        "/registry/new/",
        GET=allow(SUPERVISOR),
        POST=allow(SUPERVISOR, 400),
        data={"name": ""},
    ),
    *rows(
        "registry:lksa_edit",
        "/registry/{lksa}/edit/",
        GET={"in": allow(SUPERVISOR), "out": allow(supervisor=404)},
        POST={"in": allow(SUPERVISOR, 400), "out": allow(supervisor=404)},
        data={"name": ""},
    ),
    *rows(
        "registry:record_add",
        "/registry/{lksa}/records/registration/new/",
        GET={"in": allow(SUPERVISOR), "out": allow(supervisor=404)},
        POST={"in": allow(SUPERVISOR, 400), "out": allow(supervisor=404)},
        data={"number": ""},
    ),
    *rows(
        "registry:record_remove",
        "/registry/{lksa}/records/registration/{registration}/remove/",
        POST={"in": allow(SUPERVISOR, 302), "out": allow(supervisor=404)},
        data={},
    ),
    *rows(
        "registry:document",
        "/registry/{lksa}/records/registration/{registration}/document/",
        both={"in": allow(ALL), "out": allow({"system_admin"}, hide=NOT_SYSADMIN)},
    ),
    # Maker-checker.
    *rows(
        "registry:change_detail",
        "/registry/changes/{change}/",
        both={"in": allow(PROPOSALS, others=404), "out": allow(others=404)},
    ),
    *rows(
        "registry:change_document",
        "/registry/changes/{change}/document/",
        both={"in": allow(PROPOSALS, others=404), "out": allow(others=404)},
    ),
    *rows(
        "registry:change_decide",
        "/registry/changes/{change}/approve/",
        POST={"in": allow(SUPERVISOR, 302), "out": allow(supervisor=404)},
        data={},
    ),
    *rows(
        "registry:contact_edit",
        "/registry/{lksa}/contact/",
        GET={"in": allow(OPERATOR), "out": allow(lksa_operator=404)},
        POST={"in": allow(OPERATOR, 302), "out": allow(lksa_operator=404)},
        data={"address": "Jl. Pasir Bolang 1", "phone": "0215550101", "email": "", "version": "1"},
    ),
    *rows(
        "registry:propose",
        "/registry/{lksa}/propose/registration/",
        GET={"in": allow(OPERATOR), "out": allow(lksa_operator=404)},
        POST={"in": allow(OPERATOR, 400), "out": allow(lksa_operator=404)},
        data={"number": ""},
    ),
    # Imports: within the office that ran them.
    # An upload without a file: refused by the form (400) once the guards let it through.
    *rows(
        "registry:import_list",
        "/registry/imports/",
        GET=allow(SUPERVISOR),
        POST=allow(SUPERVISOR, 400),
        data={"note": "-"},
    ),
    *rows("registry:import_template", "/registry/imports/template.xlsx", both=allow(SUPERVISOR)),
    *rows(
        "registry:import_detail",
        "/registry/imports/{lksa_import}/",
        both={"in": allow(SUPERVISOR), "out": allow(supervisor=404)},
    ),
    *rows(
        "registry:import_errors",
        "/registry/imports/{lksa_import}/errors.csv",
        both={"in": allow(SUPERVISOR), "out": allow(supervisor=404)},
    ),
    # Running an interrupted import again: the world's import failed with errors, so it is refused
    # with a message and a redirect to its page.
    *rows(
        "registry:import_rerun",
        "/registry/imports/{lksa_import}/rerun/",
        POST={"in": allow(SUPERVISOR, 302), "out": allow(supervisor=404)},
    ),
    # API
    api("/registry/lksa", "GET", allow(ALL)),
    api(
        "/registry/lksa/{lksa_id}",
        "GET",
        {"in": allow(ALL), "out": allow({"system_admin"}, hide=NOT_SYSADMIN)},
        url="/registry/lksa/{lksa}",
    ),
    # The connected picture of a home (core/api.py): as the home's page, each part scoped inside.
    api(
        "/lksa/{lksa_id}/overview",
        "GET",
        {"in": allow(ALL), "out": allow({"system_admin"}, hide=NOT_SYSADMIN)},
        url="/lksa/{lksa}/overview",
    ),
    api(
        "/registry/lksa/{lksa_id}/documents/{kind}/{record_id}",
        "GET",
        {"in": allow(ALL), "out": allow({"system_admin"}, hide=NOT_SYSADMIN)},
        url="/registry/lksa/{lksa}/documents/registration/{registration}",
    ),
]
