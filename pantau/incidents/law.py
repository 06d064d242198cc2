"""The provisions incident reports rest on, as a reviewed table (the pattern of familycare/law.py):
each with its citation, what it requires, and its status. The reporting deadline is NOT among the
verified provisions: the SNPA text found (../shared/domain/rules-and-data.md §1 item 26) requires
reporting but names no time limit, so Pantau's deadline is a policy setting (deadlines.py), shown as
such wherever it appears. Nothing here should bind anyone before a legal reviewer has checked it.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

VERIFIED = "verified"
PARTLY = "partly"
UNVERIFIED = "unverified"
POLICY = "policy"

STATUS_LABELS = {
    VERIFIED: _("article checked against the text"),
    PARTLY: _("wording checked, article number not confirmed"),
    UNVERIFIED: _("not verified"),
    POLICY: _("policy setting, not from statute"),
}


@dataclass(frozen=True)
class Provision:
    citation: str
    requires: Promise
    status: str

    @property
    def status_label(self) -> Promise:
        return STATUS_LABELS[self.status]


PROVISIONS: dict[str, Provision] = {
    "record_and_report": Provision(
        "Permensos 30/HUK/2011 (SNPA), inspector checklist item D26",
        _("Every suspicion or case is recorded and reported to Dinas Sosial."),
        PARTLY,
    ),
    "criminal_matters": Provision(
        "Permensos 30/HUK/2011 (SNPA), inspector checklist item D26",
        _("Criminal matters go to the police and Kemensos."),
        PARTLY,
    ),
    "deadline": Provision(
        "—",
        _(
            "The report is due a set number of hours after the home learned of the incident. The SNPA "
            "gives no time limit: the hours are Pantau's configuration (PANTAU_INCIDENT_REPORT_HOURS)."
        ),
        POLICY,
    ),
}
