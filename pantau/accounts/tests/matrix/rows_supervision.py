"""Supervision: Dinas Sosial and KPAI plan and conduct visits (the visit's team only, while it is open);
Kemensos watches; the LKSA sees its concluded visits and its findings and answers them; the office
that made the visit decides on its findings; checklists and risk points are national settings."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

from pantau.accounts.tests.matrix.table import (
    FINDING_VIEWERS,
    SUPERVISION_VIEWERS,
    Row,
    allow,
    api,
    rows,
)

SUPERVISOR = {"supervisor"}


def next_week() -> str:
    return (timezone.localdate() + timedelta(days=7)).isoformat()


OPERATOR = {"lksa_operator"}
SYSADMIN = {"system_admin"}
# Outside the jurisdiction, only the national system administrator sees a visit or a finding.
FINDINGS_OUT = allow(SYSADMIN, hide=FINDING_VIEWERS - SYSADMIN)
VISIT_READ = {
    "in": allow(FINDING_VIEWERS),
    # An open visit (perhaps unannounced) is not shown to the home before it takes place.
    "planned": allow(SUPERVISION_VIEWERS, lksa_operator=404),
    "out": FINDINGS_OUT,
}
# Conducting a visit: its team, while it is open ("peer": the colleague's visit, not ours).
CONDUCT = {"in": allow(SUPERVISOR), "peer": allow(), "out": allow(supervisor=404)}
CONDUCT_REDIRECT = {"in": allow(SUPERVISOR, 302), "peer": allow(), "out": allow(supervisor=404)}
# Deciding on a finding: the office that made the visit ("peer": a finding of KPAI's visit).
DECIDE = {"in": allow(SUPERVISOR, 302), "peer": allow(), "out": allow(supervisor=404)}
FINDING_READ = {"in": allow(FINDING_VIEWERS), "peer": allow(FINDING_VIEWERS), "out": FINDINGS_OUT}

ROWS: list[Row] = [
    *rows("supervision:plan", "/supervision/", both=allow(SUPERVISION_VIEWERS)),
    # One home's risk, which the LKSA page loads after itself: a home of the reader's scope only.
    *rows(
        "supervision:plan_home",
        "/supervision/plan/home/{lksa}/",
        both={
            "in": allow(SUPERVISION_VIEWERS),
            "out": allow({"system_admin"}, hide=SUPERVISION_VIEWERS - {"system_admin"}),
        },
    ),
    *rows("supervision:visit_list", "/supervision/visits/", both=allow(SUPERVISION_VIEWERS)),
    *rows("supervision:workload", "/supervision/workload/", both=allow(SUPERVISION_VIEWERS)),
    *rows(
        "supervision:visit_new",
        "/supervision/visits/new/{lksa}/",
        GET={"in": allow(SUPERVISOR), "out": allow(supervisor=404)},
        POST={"in": allow(SUPERVISOR, 302), "out": allow(supervisor=404)},
        data=lambda t: {"planned_on": next_week(), "kind": "announced", "purpose": "Rutin"},
    ),
    *rows("supervision:visit_detail", "/supervision/visits/{visit}/", both=VISIT_READ),
    *rows("supervision:visit_report", "/supervision/visits/{visit}/report/", both=VISIT_READ),
    *rows(
        "supervision:visit_answer",
        "/supervision/visits/{visit_open}/answers/{item}/",
        POST=CONDUCT,
        data=lambda t: {f"i{t['item']}-value": "yes", f"i{t['item']}-note": ""},
    ),
    *rows(
        "supervision:visit_conclude",
        "/supervision/visits/{visit_open}/conclude/",
        GET=CONDUCT,
        # An empty conclusion is refused by the form (400) once the guards let it through.
        POST={"in": allow(SUPERVISOR, 400), "peer": allow(), "out": allow(supervisor=404)},
        data={},
    ),
    *rows(
        "supervision:visit_evidence",
        "/supervision/visits/{visit_open}/evidence/",
        POST=CONDUCT_REDIRECT,
        data={},
    ),
    *rows(
        "supervision:visit_cancel",
        "/supervision/visits/{visit_open}/cancel/",
        POST=CONDUCT_REDIRECT,
        data={"reason": "Banjir"},
    ),
    *rows(
        "supervision:evidence_file",
        "/supervision/evidence/{evidence}/",
        both={"in": allow(FINDING_VIEWERS), "out": FINDINGS_OUT},
    ),
    # National settings: KPAI's system administrator (and Kemensos).
    *rows(
        "supervision:risk_weights",
        "/supervision/settings/risk/",
        GET=allow(SYSADMIN),
        POST=allow(SYSADMIN, 400),
        data={"note": "-"},
    ),
    *rows("supervision:checklist_list", "/supervision/checklists/", both=allow(SYSADMIN)),
    *rows(
        "supervision:checklist_detail",
        "/supervision/checklists/{checklist_draft}/",
        GET=allow(SYSADMIN),
        POST=allow(SYSADMIN),
        data={},
    ),
    *rows(
        "supervision:checklist_new_version",
        "/supervision/checklists/{checklist}/new-version/",
        POST=allow(SYSADMIN, 302),
        data={},
    ),
    *rows(
        "supervision:checklist_publish",
        "/supervision/checklists/{checklist_draft}/publish/",
        POST=allow(SYSADMIN, 302),
        data={},
    ),
    # Findings.
    *rows("supervision:finding_list", "/supervision/findings/", both=allow(FINDING_VIEWERS)),
    *rows("supervision:finding_detail", "/supervision/findings/{finding}/", both=FINDING_READ),
    *rows(
        "supervision:finding_respond",
        "/supervision/findings/{finding}/respond/",
        POST={"in": allow(OPERATOR, 302), "peer": allow(OPERATOR, 302), "out": allow(lksa_operator=404)},
        data={"text": "Sudah diperbaiki."},
    ),
    *rows(
        "supervision:finding_decide",
        "/supervision/findings/{finding}/decide/",
        POST=DECIDE,
        data={"decision": "accept"},
    ),
    *rows("supervision:finding_concern", "/supervision/findings/{finding}/concern/", POST=DECIDE, data={}),
    # API
    api("/supervision/plan", "GET", allow(SUPERVISION_VIEWERS)),
    api("/supervision/visits", "GET", allow(FINDING_VIEWERS)),
    api("/supervision/visits/{visit_id}", "GET", VISIT_READ, url="/supervision/visits/{visit}"),
    api(
        "/supervision/visits/{visit_id}/answers/{item_code}",
        "PUT",
        CONDUCT,
        url="/supervision/visits/{visit_open}/answers/{item_code}",
        data={"value": "yes", "note": ""},
    ),
    api("/supervision/findings", "GET", allow(FINDING_VIEWERS)),
    api("/supervision/findings/{finding_id}", "GET", FINDING_READ, url="/supervision/findings/{finding}"),
    api(
        "/supervision/findings/{finding_id}/response",
        "POST",
        {"in": allow(OPERATOR), "peer": allow(OPERATOR), "out": allow(lksa_operator=404)},
        url="/supervision/findings/{finding}/response",
        data={"text": "Sudah diperbaiki."},
    ),
]
