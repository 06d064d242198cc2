"""What the case file shows of its evidence: the files with their chain of custody, the requests to
platforms, and (for investigators) the alleged persons found elsewhere. One function for ``_case_file``;
a fixed number of queries whatever the number of files, links, requests and persons. A receiving agency
sees the evidence and the persons only if its referral shared them (cases/sharing.py)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.http import HttpRequest
from django.utils import timezone

from pantau.accounts.access import may_record_platform_requests, may_see_person_links
from pantau.accounts.http import user_of
from pantau.cases.custody import evidence_exported, evidence_rows, evidence_with_custody
from pantau.cases.forms_evidence import PlatformAnswerForm, PlatformRequestForm
from pantau.cases.models import Case, Referral
from pantau.cases.people import person_links
from pantau.cases.platforms import ANSWER_DAYS, request_rows
from pantau.cases.sharing import sections_for


def evidence_sections(request: HttpRequest, case: Case, referrals: Iterable[Referral]) -> dict[str, Any]:
    """``referrals``: the case's, already fetched (they decide what a receiving agency sees)."""
    user = user_of(request)
    today = timezone.localdate()
    sections = sections_for(user, case, referrals)
    shown = "evidence" in sections
    requests = list(case.platform_requests.select_related("recorded_by", "organisation")) if shown else []
    # Computing the links audits them: only when the persons are on the reader's part of the file.
    sees_links = "subjects" in sections and may_see_person_links(user)
    return {
        "evidence": evidence_rows(evidence_with_custody(case)) if shown else [],
        "platform_requests": request_rows(requests, today),
        "platform_answer_days": ANSWER_DAYS,
        "may_record_platform": may_record_platform_requests(user, case),
        "platform_form": PlatformRequestForm(initial={"sent_on": today}),
        "blank_answer_form": PlatformAnswerForm(initial={"answered_on": today}),
        "sees_person_links": sees_links,
        "person_links": person_links(user, case) if sees_links else [],
    }


def summary_evidence(request: HttpRequest, case: Case) -> dict[str, Any]:
    """The printed summary's list of files with their SHA-256 and size; each gets an "exported" link.
    Nothing for a receiving agency whose referral did not share the evidence."""
    user = user_of(request)
    if "evidence" not in sections_for(user, case, case.referrals.all()):
        return {"evidence": [], "evidence_withheld": True}
    evidence_exported(actor=user, case=case, files=list(case.evidence.all()))
    # Read after the check, so that a file found changed just now is marked on the printed page.
    return {"evidence": evidence_rows(evidence_with_custody(case)), "evidence_withheld": False}
