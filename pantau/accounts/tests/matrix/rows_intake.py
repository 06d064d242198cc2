"""Cases opened from an agency's own intake, and referrals onward within each agency's role with the
consent and legal basis recorded (issue 17, cases/intake.py).

* Opening a case (``/cases/new/``, ``POST /api/v1/cases``): agencies that take cases in themselves, the
  police (a police report), the UPTD PPA (a walk-in, the hotline) and Dinas Sosial (outreach, the
  hotline). In the world: the supervisor (Dinas Sosial), the case worker (UPTD PPA) and the investigator
  (police Unit PPA). The API's body is a hotline call: the police open cases from a police report only,
  so the investigator is refused by the rule (422), not by the access check.
* Referring (``/cases/{case}/referrals/``): the lead agency (the supervisor) and the police unit that
  accepted a referral of the case (the investigator); the UPTD PPA, whose referral still waits, gets 404
  like any outsider of the case. The API's body is a rehabilitation referral to Dinas Sosial Kabupaten
  Tangerang: the investigator's is sent (201); the supervisor's is refused (422: its own agency).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from pantau.accounts.tests.matrix.table import CASE_WORKERS, Row, allow, api, rows

OPENERS = {"supervisor", "case_worker", "investigator"}
REFERRERS = {"supervisor", "investigator"}
OUT = allow(hide=CASE_WORKERS)
OPENED = {
    "intake": "hotline",
    "title": "Telepon SAPA 129",
    "form_of_violence": "eksploitasi",
    "cluster": "pka",
    "place": "lainnya",
    "summary": "Penelepon melaporkan anak dipekerjakan.",
    "reported_on": "2026-01-05",
    "region_code": "36.03",
}


def _referral(targets: Mapping[str, Any]) -> dict[str, Any]:
    return {
        "to_org_id": targets["office"],
        "purpose": "rehabilitation",
        "due_on": "2099-01-01",
        "legal_basis": "public_task",
        "consent_note": "UU 35/2014 Pasal 59A.",
        "shared": ["identity", "services"],
    }


ROWS: list[Row] = [
    *rows("cases:case_new", "/cases/new/", GET=allow(OPENERS), POST=allow(OPENERS, 400), data={}),
    # Step one (GET) asks the purpose; a POST without one comes back with the question (400).
    *rows(
        "cases:case_referral",
        "/cases/{case}/referrals/",
        GET={"in": allow(REFERRERS, case_worker=404), "out": OUT},
        POST={"in": allow(REFERRERS, 400, case_worker=404), "out": OUT},
        data={},
    ),
    # API
    api("/cases", "POST", allow({"supervisor", "case_worker"}, 201, investigator=422), data=OPENED),
    api(
        "/cases/{case_id}/referrals",
        "POST",
        {"in": allow({"investigator"}, 201, supervisor=422, case_worker=404), "out": OUT},
        url="/cases/{case}/referrals",
        data=_referral,
    ),
]
