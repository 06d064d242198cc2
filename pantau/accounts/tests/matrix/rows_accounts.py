"""Sign-in, one's own account, organisations and accounts, the audit trail, notifications, regions,
the language switch, the API's own pages, and what anyone may use without an account."""

from __future__ import annotations

from pantau.accounts.tests.matrix.table import (
    ADMINS,
    ALL,
    STAFF,
    Row,
    allow,
    api,
    rows,
)

NOT_SYSADMIN = STAFF - {"system_admin"}

ROWS: list[Row] = [
    # Signing in and out. A signed-in person who opens the login page is sent on to the home page.
    *rows(
        "accounts:login",
        "/login/",
        both=allow(others=302),
        data={"username": "nobody@test.id", "password": "wrong-password"},
        anonymous=200,
    ),
    *rows("accounts:logout", "/logout/", POST=allow(others=302), data={}, anonymous=302),
    # The second factor's pages: a session that passed it is sent on (to where it was going, or from
    # setting up an authenticator to the code step); new recovery codes need a current code (a wrong
    # one comes back as a message on the account page).
    *rows("accounts:otp_verify", "/login/code/", both=allow(others=302), data={"code": "000000"}),
    *rows("accounts:otp_enrol", "/login/authenticator/", both=allow(others=302), data={"code": "000000"}),
    *rows(
        "accounts:recovery_codes_new",
        "/account/recovery-codes/",
        POST=allow(others=302),
        data={"code": "000000"},
    ),
    # One's own account and API tokens: everyone, their own only.
    *rows("accounts:profile", "/account/", both=allow(ALL)),
    *rows("accounts:password_change", "/account/password/", GET=allow(ALL), POST=allow(ALL), data={}),
    *rows("accounts:token_create", "/account/tokens/new/", POST=allow(ALL), data={"name": "cli", "days": 30}),
    *rows(
        "accounts:token_rotate",
        "/account/tokens/{token}/rotate/",
        POST={"in": allow(ALL), "out": allow(others=404)},
        data={},
    ),
    *rows(
        "accounts:token_revoke",
        "/account/tokens/{token}/revoke/",
        POST={"in": allow(ALL, 302), "out": allow(others=404)},
        data={},
    ),
    # The agency directory: staff, within their jurisdiction (the system administrator: the nation).
    *rows("accounts:organisation_list", "/organisations/", both=allow(STAFF)),
    *rows(
        "accounts:organisation_detail",
        "/organisations/{org}/",
        both={
            "in": allow(STAFF),
            "out": allow({"system_admin"}, hide=NOT_SYSADMIN),
        },
    ),
    *rows(
        "accounts:organisation_create",
        "/organisations/new/",
        GET=allow({"system_admin"}),
        POST=allow({"system_admin"}, 302),
        data={"name": "Dinas Sosial Kota Tangerang", "kind": "dinsos_regency", "region": "36.71"},
    ),
    *rows(
        "accounts:organisation_edit",
        "/organisations/{org}/edit/",
        GET={"in": allow({"system_admin"}), "out": allow({"system_admin"})},
        # An LKSA's organisation with an empty name: refused by the form (400), after the guards.
        POST={"in": allow({"system_admin"}, 400), "out": allow({"system_admin"}, 400)},
        data={"name": ""},
    ),
    # Accounts: administrators; an organisation administrator only in their own office, never over a
    # fellow administrator or an auditor ("peer": the auditor's account).
    *rows("accounts:user_list", "/users/", both=allow(ADMINS)),
    *rows(
        "accounts:user_create",
        "/users/new/",
        GET=allow(ADMINS),
        POST=allow(ADMINS),
        data=lambda t: {
            "full_name": "Pegawai Baru",
            "email": "baru@dinsos.test.id",
            "organisation": t["office"],
            "role": "viewer",
        },
    ),
    *rows(
        "accounts:user_edit",
        "/users/{user}/",
        GET={
            "in": allow(ADMINS),
            "peer": allow({"system_admin"}),
            "out": allow({"system_admin"}, org_admin=404),
        },
        POST={
            "in": allow(ADMINS, 302),
            "peer": allow({"system_admin"}, 302),
            "out": allow({"system_admin"}, 302, org_admin=404),
        },
        data=lambda t: {
            "full_name": "Nama Baru",
            "email": f"akun{t['user']}@test.id",
            "phone": "",
            "role": "viewer",
        },
    ),
    *rows(
        "accounts:user_set_active",
        "/users/{user}/active/",
        POST={
            "in": allow(ADMINS, 302),
            "peer": allow({"system_admin"}, 302),
            "out": allow({"system_admin"}, 302, org_admin=404),
        },
        data={"active": "0"},
    ),
    *rows(
        "accounts:user_reset_second_factor",
        "/users/{user}/reset-second-factor/",
        POST={
            "in": allow(ADMINS, 302),
            "peer": allow({"system_admin"}, 302),
            "out": allow({"system_admin"}, 302, org_admin=404),
        },
        data={},
    ),
    *rows(
        "accounts:user_reset_password",
        "/users/{user}/reset-password/",
        POST={
            "in": allow(ADMINS),
            "peer": allow({"system_admin"}),
            "out": allow({"system_admin"}, org_admin=404),
        },
        data={},
    ),
    # Home, the region picker, notifications, the language switch: everyone signed in.
    *rows("core:home", "/", both=allow(ALL)),
    *rows("core:region_search", "/regions/search/?q=tang", both=allow(ALL)),
    # The health check: anyone (a load balancer has no account); it says nothing but "ok".
    *rows("core:health", "/health/", GET=allow(others=200), anonymous=200),
    # Metrics: only with the monitoring token (core/tests/test_health.py); without one configured, 404.
    *rows("core:metrics", "/metrics", GET=allow(others=404), anonymous=404),
    *rows("notifications:list", "/notifications/", both=allow(ALL)),
    *rows("set_language", "/i18n/setlang/", POST=allow(others=302), data={"language": "en"}, anonymous=302),
    # The audit trail: auditors only (separation of duties).
    *rows("audit:event_list", "/audit/", both=allow({"auditor"})),
    # The API's schema and documentation: pages for signed-in staff (the docs decorator is
    # login_required); the API's root answers nothing (Ninja's home page exists only in DEBUG).
    *rows("api:openapi-json", "/api/v1/openapi.json", both=allow(ALL), anonymous=302),
    *rows("api:openapi-view", "/api/v1/docs", both=allow(ALL), anonymous=302),
    *rows("api:api-root", "/api/v1/", both=allow(others=404), anonymous=404, audited=False),
    # Public pages: anyone, signed in or not.
    *rows("public:check", "/check/?q=kasih", both=allow(others=200), anonymous=200),
    # An account number or handle may be a person's: it is posted, never put in the address.
    *rows(
        "public:lookup",
        "/check/account/",
        both=allow(others=200),
        data={"value": "12345678"},
        anonymous=200,
    ),
    *rows("public:lksa", "/check/lksa/{lksa}/", both=allow(others=200), anonymous=200),
    *rows("public:report", "/check/report/", GET=allow(others=200), anonymous=200),
    # An empty report is refused (400) for anyone: it needs a description.
    *rows("public:report", "/check/report/", POST=allow(others=400), data={"description": ""}, anonymous=400),
    *rows("public:track", "/check/track/?code=X", both=allow(others=200), anonymous=200),
    # API: one's own account, the directory, accounts, the audit trail, regions, the public check.
    api("/me", "GET", allow(ALL)),
    api("/me", "PATCH", allow(ALL), data={"language": "en"}),
    api("/me/tokens", "GET", allow(ALL)),
    api(
        "/me/tokens/{token_id}/rotate",
        "POST",
        {"in": allow(ALL, 201), "out": allow(others=404)},
        url="/me/tokens/{token}/rotate",
    ),
    api("/organisations", "GET", allow(STAFF)),
    api(
        "/organisations/{organisation_id}",
        "GET",
        {"in": allow(STAFF), "out": allow({"system_admin"}, hide=NOT_SYSADMIN)},
        url="/organisations/{org}",
    ),
    api("/users", "GET", allow(ADMINS)),
    api("/audit/events", "GET", allow({"auditor"})),
    api("/regions", "GET", allow(ALL), url="/regions?parent=36"),
    api("/regions/contains", "GET", allow(ALL), url="/regions/contains?outer=36&inner=36.03.03"),
    api("/regions/{code}", "GET", {"in": allow(ALL), "out": allow(ALL)}, url="/regions/{region}"),
    api("/public/lksa", "GET", allow(others=200), url="/public/lksa?q=kasih", anonymous=200),
    api("/public/lookup", "GET", allow(others=200), url="/public/lookup?value=12345678", anonymous=200),
    api("/public/lookup", "POST", allow(others=200), data={"value": "12345678"}, anonymous=200),
]
