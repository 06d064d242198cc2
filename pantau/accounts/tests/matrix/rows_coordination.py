"""Coordination meetings (rakor), pages and API. Every staff role and the home's operator read the
follow-up (each within their scope); the "in" rakor is organised by the personas' Dinas Sosial and
concerns Kabupaten Tangerang, its recommendation assigned to that office and to the world's LKSA (so the
home's operator sees the meeting, but not the office's assignment); the "out" rakor is Medan's, seen
only by the national KPAI administrator. Recording recommendations and assignments: the organiser
(the Dinas Sosial supervisor) and KPAI (the system administrator), 403 for roles without the right, 404
for a manager who cannot see the meeting. Progress is reported only by members of the responsible
organisation: the office's supervisor and administrator; the UPTD case worker and the police
investigator see the assignment but are no members (403). The public progress page needs no account."""

from __future__ import annotations

from pantau.accounts.tests.matrix.table import ALL, Row, allow, api, rows

MANAGERS = frozenset({"system_admin", "supervisor"})
REPORTERS = frozenset({"org_admin", "supervisor", "case_worker", "investigator", "lksa_operator"})
MEMBERS = frozenset({"org_admin", "supervisor"})  # of the "in" assignment's organisation
NATIONAL = frozenset({"system_admin"})  # KPAI's administrator sees every rakor

MEETING = {"in": allow(ALL), "out": allow(NATIONAL, hide=ALL - NATIONAL)}
# The office's assignment: everyone in Kabupaten Tangerang but the home (own assignments only).
ASSIGNMENT = {
    "in": allow(ALL - {"lksa_operator"}, hide={"lksa_operator"}),
    "out": allow(NATIONAL, hide=ALL - NATIONAL),
}
MANAGE_WRITE = {
    "in": allow(MANAGERS, 400),
    "out": allow(NATIONAL, 400, hide={"supervisor"}),
}
PUBLISH = {"in": allow(MANAGERS, 302), "out": allow(NATIONAL, 302, hide={"supervisor"})}
REPORT_PAGE = {
    "in": allow(MEMBERS, 400, hide={"lksa_operator"}),
    "out": allow(hide=REPORTERS),
}
REPORT_API = {
    "in": allow(MEMBERS, 422, hide={"lksa_operator"}),
    "out": allow(hide=REPORTERS),
}

ROWS: list[Row] = [
    *rows("coordination:overview", "/coordination/?status=overdue", both=allow(ALL)),
    *rows("coordination:mine", "/coordination/mine/", both=allow(ALL)),
    *rows("coordination:meeting_list", "/coordination/meetings/", both=allow(ALL)),
    *rows(
        "coordination:meeting_new",
        "/coordination/meetings/new/",
        GET=allow(MANAGERS),
        POST=allow(MANAGERS, 400),
        data={"title": ""},
    ),
    *rows("coordination:meeting_detail", "/coordination/meetings/{coord_meeting}/", both=MEETING),
    *rows("coordination:meeting_minutes", "/coordination/meetings/{coord_meeting}/minutes/", both=MEETING),
    *rows(
        "coordination:recommendation_new",
        "/coordination/meetings/{coord_meeting}/recommendations/",
        POST=MANAGE_WRITE,
        data={"text": ""},
    ),
    *rows(
        "coordination:assignment_new",
        "/coordination/recommendations/{coord_recommendation}/assign/",
        POST=MANAGE_WRITE,
        data={"actions": ""},
    ),
    *rows(
        "coordination:recommendation_publish",
        "/coordination/recommendations/{coord_recommendation}/publish/",
        POST=PUBLISH,
        data={"published": "1"},
    ),
    *rows("coordination:assignment_detail", "/coordination/assignments/{coord_assignment}/", both=ASSIGNMENT),
    *rows(
        "coordination:assignment_report",
        "/coordination/assignments/{coord_assignment}/report/",
        POST=REPORT_PAGE,
        data={"narrative": ""},
    ),
    *rows("coordination:evidence_file", "/coordination/evidence/{coord_evidence}/", both=ASSIGNMENT),
    *rows("coordination:public", "/coordination/public/", both=allow(ALL), anonymous=200),
    api("/coordination/meetings", "GET", allow(ALL)),
    api("/coordination/meetings/{meeting_id}", "GET", MEETING, url="/coordination/meetings/{coord_meeting}"),
    api("/coordination/assignments", "GET", allow(ALL)),
    api(
        "/coordination/assignments/{assignment_id}",
        "GET",
        ASSIGNMENT,
        url="/coordination/assignments/{coord_assignment}",
    ),
    api(
        "/coordination/assignments/{assignment_id}/reports",
        "POST",
        REPORT_API,
        url="/coordination/assignments/{coord_assignment}/reports",
        data={"reported_on": "2026-02-02", "narrative": "", "status": "in_progress"},
    ),
    api("/coordination/progress", "GET", allow(ALL)),
    api("/coordination/public", "GET", allow(ALL), anonymous=200),
]
