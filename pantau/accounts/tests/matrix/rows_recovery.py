"""Recovery on the case file (cases/views_recovery.py, cases/api_recovery.py): any agency working on the
case (its lead, or one that accepted a referral of it) plans, records the return and the victim's
rights; the follow-up visits are recorded only by the agency that follows the child up.

In the world (``world_recovery.py``) each scope's case has a plan with an open goal, a return followed
up by the case's lead agency (Dinas Sosial: the supervisor) with its first visit, an LPSK request
waiting and a restitution claimed. The police unit (investigator) works on the ``in`` case but does not
follow the child up: it may plan, not record a visit (403). The UPTD PPA's referral is still pending:
it does not see the file (404)."""

from __future__ import annotations

from pantau.accounts.tests.matrix.rows_cases import CASE_READ, CASE_WRITE
from pantau.accounts.tests.matrix.table import CASE_WORKERS, Row, allow, api, rows

# Only the follow-up agency records a visit: an empty form comes back on the file (400).
VISIT = {
    "in": allow({"supervisor"}, 400, investigator=403, case_worker=404),
    "out": allow(hide=CASE_WORKERS),
}
BASE = "/cases/{case}/recovery"

ROWS: list[Row] = [
    # The visits one's agency has to make: every case worker has the page (its own agency's visits).
    *rows("cases:follow_up_list", "/cases/follow-ups/", both=allow(CASE_WORKERS)),
    # The case file's recovery forms, sent empty: the file comes back with the form open (400). A goal
    # marked with no status, and a plan completed with a goal still open, are refused the same way.
    *rows("cases:recovery_plan", BASE + "/children/{case_child}/plan/", POST=CASE_WRITE, data={}),
    *rows("cases:recovery_goal", BASE + "/plans/{plan}/goals/", POST=CASE_WRITE, data={}),
    *rows("cases:recovery_goal_status", BASE + "/goals/{goal}/", POST=CASE_WRITE, data={}),
    *rows("cases:recovery_review", BASE + "/plans/{plan}/reviews/", POST=CASE_WRITE, data={}),
    *rows("cases:recovery_plan_complete", BASE + "/plans/{plan}/complete/", POST=CASE_WRITE, data={}),
    *rows("cases:recovery_reintegration", BASE + "/children/{case_child}/return/", POST=CASE_WRITE, data={}),
    *rows("cases:recovery_visit", BASE + "/visits/{follow_up}/", POST=VISIT, data={}),
    *rows("cases:recovery_lpsk", BASE + "/children/{case_child}/lpsk/", POST=CASE_WRITE, data={}),
    *rows("cases:recovery_lpsk_decision", BASE + "/lpsk/{lpsk}/", POST=CASE_WRITE, data={}),
    *rows(
        "cases:recovery_restitution",
        BASE + "/children/{case_child}/restitution/",
        POST=CASE_WRITE,
        data={},
    ),
    *rows(
        "cases:recovery_restitution_order",
        BASE + "/restitution/{restitution}/order/",
        POST=CASE_WRITE,
        data={},
    ),
    *rows(
        "cases:recovery_restitution_payment",
        BASE + "/restitution/{restitution}/payments/",
        POST=CASE_WRITE,
        data={},
    ),
    # API
    api("/cases/{case_id}/recovery", "GET", CASE_READ, url="/cases/{case}/recovery"),
    api(
        "/cases/{case_id}/recovery/visits/{follow_up_id}",
        "POST",
        {
            "in": allow({"supervisor"}, investigator=403, case_worker=404),
            "out": allow(hide=CASE_WORKERS),
        },
        url="/cases/{case}/recovery/visits/{follow_up}",
        data={"done_on": "2026-06-01", "child_safe": True, "in_school": True, "note": ""},
    ),
]
