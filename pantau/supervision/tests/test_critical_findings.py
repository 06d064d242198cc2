"""A failed item without a note says what was found, and a critical one opens a concern of the right
category (issue 15 §6: it read like compliance and opened a concern of category "other")."""

from __future__ import annotations

import pytest
from django.utils import translation

from pantau.cases.models import Concern
from pantau.supervision import snpa
from pantau.supervision.models import ChecklistItem, Finding, Visit
from pantau.supervision.services import answer_save, draft_findings, visit_conclude
from pantau.supervision.tests.test_visits import answer_all

pytestmark = pytest.mark.django_db


def test_every_critical_item_has_a_concern_category() -> None:
    critical = {f"{snpa.AREA_OF[n]}{n}" for n, _t, _e, _b, severity in snpa.ITEMS if severity == "critical"}
    assert critical == {"D22", "E31", "H45", "H48"}
    categories = {code: snpa.concern_category(code) for code in sorted(critical)}
    assert categories == {"D22": "abuse", "E31": "abuse", "H45": "livestream", "H48": "adoption"}
    # Every category named in the mapping is one a concern can have.
    assert set(snpa.CONCERN_CATEGORY.values()) <= set(Concern.Category.values) - {"other"}
    assert snpa.concern_category("Z45") == "other" and snpa.concern_category("A45") == "other"
    assert snpa.concern_category("H46") == "other"


def _fail(visit: Visit, code: str, value: str = "no", note: str = "") -> ChecklistItem:
    item = visit.template.items.get(code=code)
    answer_save(actor=visit.lead, visit=visit, item=item, value=value, note=note)
    return item


def test_a_failed_item_without_a_note_says_what_was_found(visit: Visit) -> None:
    answer_all(visit)
    _fail(visit, "H45")
    _fail(visit, "B11", value="partly")
    _fail(visit, "H48", note="Pengurus menawarkan bayi kepada tamu")
    with translation.override("en"):
        drafts = {d.item.code: d.description for d in draft_findings(visit) if d.item}
    assert drafts == {
        "B11": "Partly met: Each child has a written individual care plan.",
        "H45": 'Not met: Children are not used in fundraising or live streams; no "ngemis online".',
        "H48": "Pengurus menawarkan bayi kepada tamu",  # the team's own words stay
    }


def test_critical_findings_open_concerns_of_their_category(visit: Visit) -> None:
    answer_all(visit)
    for code in ("D22", "E31", "H45", "H48"):
        _fail(visit, code)
    with translation.override("en"):
        drafts = draft_findings(visit)
        for draft in drafts:
            draft.corrective_action = "Hentikan dan laporkan"
        visit.refresh_from_db()
        visit_conclude(
            actor=visit.lead, visit=visit, expected_version=visit.version, summary="Temuan", findings=drafts
        )
    found = {
        f.item.code: (f.concern.category, f.concern.description)
        for f in Finding.objects.select_related("item", "concern")
        if f.item and f.concern
    }
    assert found == {
        "D22": (
            "abuse",
            "Critical supervision finding D22: Not met: Board, staff and volunteers are screened: "
            "no criminal record or history of violence against children.",
        ),
        "E31": (
            "abuse",
            "Critical supervision finding E31: Not met: A caregiver who endangers children is removed from "
            "care at once.",
        ),
        "H45": (
            "livestream",
            "Critical supervision finding H45: Not met: Children are not used in fundraising or live "
            'streams; no "ngemis online".',
        ),
        "H48": (
            "adoption",
            "Critical supervision finding H48: Not met: The LKSA does no adoption brokering (only homes "
            "licensed by the Minister may process adoptions).",
        ),
    }
