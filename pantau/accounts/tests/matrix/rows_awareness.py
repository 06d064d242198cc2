"""Awareness: the public pages and leaflets and the children's channel (anyone, signed in or not), and
the sosialisasi activities. Every staff persona reads the "in" activity (an agency of Kabupaten
Tangerang, or KPAI's national administrator); the "out" activity (Kota Medan) only the national
administrator, the others get 404. Recording and changing: members of an awareness organisation
(Dinas Sosial here) with a recording role, the organisation administrator and the supervisor; the UPTD
case worker, the police investigator, the viewer, the auditor and the system administrator read only
(403); the home's operator has no access at all (403). Changing the "out" activity: 404 for recorders
(not theirs)."""

from __future__ import annotations

from pantau.accounts.tests.matrix.table import ALL, Row, allow, api, rows

READERS = ALL - {"lksa_operator"}
RECORDERS = frozenset({"org_admin", "supervisor"})
NATIONAL = frozenset({"system_admin"})

ACTIVITY = {"in": allow(READERS), "out": allow(NATIONAL, hide=READERS - NATIONAL)}
EDIT_GET = {"in": allow(RECORDERS), "out": allow(hide=RECORDERS)}
EDIT_POST = {"in": allow(RECORDERS, 400), "out": allow(hide=RECORDERS)}

ROWS: list[Row] = [
    *rows("awareness:index", "/awareness/", GET=allow(others=200), anonymous=200),
    *rows("awareness:topic", "/awareness/adoption/", GET=allow(others=200), anonymous=200),
    *rows("awareness:leaflet", "/awareness/digital/leaflet.pdf", GET=allow(others=200), anonymous=200),
    *rows("public:child_report", "/check/child/", GET=allow(others=200), anonymous=200),
    # An empty report is refused (400) for anyone: a child chooses what is happening.
    *rows("public:child_report", "/check/child/", POST=allow(others=400), data={"what": ""}, anonymous=400),
    *rows("public:child_status", "/check/child/status/?code=X", GET=allow(others=200), anonymous=200),
    *rows("awareness:activity_list", "/awareness/activities/", GET=allow(READERS)),
    *rows("awareness:activity_export", "/awareness/activities/export.csv", GET=allow(READERS)),
    *rows(
        "awareness:activity_new",
        "/awareness/activities/new/",
        GET=allow(RECORDERS),
        POST=allow(RECORDERS, 400),
        data={"title": ""},
    ),
    *rows("awareness:activity_detail", "/awareness/activities/{awareness_activity}/", GET=ACTIVITY),
    *rows(
        "awareness:activity_edit",
        "/awareness/activities/{awareness_activity}/edit/",
        GET=EDIT_GET,
        POST=EDIT_POST,
        data={"title": ""},
    ),
    *rows("awareness:material_file", "/awareness/materials/{awareness_material}/", GET=ACTIVITY),
    api("/awareness/activities", "GET", allow(READERS)),
    # A well-formed activity in Medan: the recorders are refused field by field (422, outside their area).
    api(
        "/awareness/activities",
        "POST",
        allow(RECORDERS, 422),
        data={
            "title": "-",
            "held_on": "2026-05-01",
            "region_code": "12.71",
            "venue": "-",
            "audiences": ["parents"],
            "topics": ["check"],
            "attendance": 10,
        },
    ),
]
