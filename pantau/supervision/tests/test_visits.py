"""Checklists and their versions, visits from plan to report, concurrent conclusion."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client
from django.utils import timezone

from pantau.audit.models import AuditEvent
from pantau.cases.models import Concern
from pantau.lib.errors import StaleEdit
from pantau.registry.tests.conftest import RegistryWorld
from pantau.supervision.checklists import template_new_version, template_publish
from pantau.supervision.models import Answer, ChecklistItem, ChecklistTemplate, Finding, Visit
from pantau.supervision.services import (
    DraftFinding,
    answer_save,
    draft_findings,
    visit_conclude,
    visit_schedule,
)

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate


def answer_all(visit: Visit, value: str = Answer.Value.COMPLIANT) -> None:
    actor = visit.lead
    for item in visit.template.items.all():
        answer_save(actor=actor, visit=visit, item=item, value=value, note="")


def test_the_shipped_checklist_has_48_items_in_8_areas(snpa: ChecklistTemplate) -> None:
    items = list(snpa.items.all())
    assert (snpa.version, snpa.status, len(items)) == (1, "published", 48)
    assert sorted({i.area for i in items}) == list("ABCDEFGH")
    assert [i.code for i in items][:2] == ["A1", "A2"] and items[-1].code == "H48"
    exploitation = {i.code: i for i in items if i.area == "H"}
    assert set(exploitation) == {"H45", "H46", "H47", "H48"}
    assert exploitation["H45"].severity == "critical" and "76I" in exploitation["H45"].legal_basis
    assert exploitation["H45"].label.startswith("Children are not used in fundraising")  # English UI


def test_a_new_version_never_changes_the_checklist_of_earlier_visits(
    registry: RegistryWorld, snpa: ChecklistTemplate, visit: Visit
) -> None:
    admin = registry.world.user("system_admin")
    draft = template_new_version(actor=admin, template=snpa)
    assert (draft.version, draft.status, draft.items.count()) == (2, "draft", 48)
    with pytest.raises(ValidationError, match="already a draft"):
        template_new_version(actor=admin, template=snpa)
    ChecklistItem.objects.filter(template=draft, code="A1").update(text="Teks baru")
    ChecklistItem.objects.create(
        template=draft, code="H49", area="H", area_title="x", text="Butir baru", position=49
    )
    template_publish(actor=admin, template=draft)
    snpa.refresh_from_db()
    assert snpa.status == "retired"
    # The earlier visit still shows version 1 exactly; a new visit gets version 2.
    assert visit.template_id == snpa.pk and visit.template.items.get(code="A1").text != "Teks baru"
    later = visit_schedule(
        actor=visit.lead, lksa=visit.lksa, planned_on=TODAY() + timedelta(days=3), kind="announced", team=[]
    )
    assert later.template == draft and later.template.items.count() == 49
    assert AuditEvent.objects.filter(action="checklist.published", target_id=str(draft.pk)).exists()


def test_scheduling_in_the_past_is_refused(registry: RegistryWorld, snpa: ChecklistTemplate) -> None:
    with pytest.raises(ValidationError, match="cannot be planned in the past"):
        visit_schedule(
            actor=registry.world.user("supervisor"),
            lksa=registry.home,
            planned_on=TODAY() - timedelta(days=1),
            kind="announced",
            team=[],
        )


def test_conclusion_needs_every_mandatory_item_and_sound_findings(visit: Visit) -> None:
    items = list(visit.template.items.all())
    answer_save(actor=visit.lead, visit=visit, item=items[0], value="no", note="Tidak ada data rujukan")
    visit.refresh_from_db()
    assert visit.status == "in_progress" and visit.visited_on == TODAY()
    with pytest.raises(ValidationError) as refused:
        visit_conclude(actor=visit.lead, visit=visit, expected_version=visit.version, summary="", findings=[])
    text = " ".join(refused.value.messages)
    assert "Answer every mandatory item first: A2, A3" in text and "Write the visit's conclusion." in text
    answer_all(visit)
    answer_save(actor=visit.lead, visit=visit, item=items[44], value="no", note="Siaran langsung TikTok")
    answer_save(actor=visit.lead, visit=visit, item=items[10], value="partly", note="")
    drafts = draft_findings(visit)
    assert [(d.item.code if d.item else "", d.severity) for d in drafts] == [
        ("B11", "medium"),
        ("H45", "critical"),
    ]
    past = [DraftFinding(drafts[0].item, "medium", "x", "Buat rencana", TODAY())]
    with pytest.raises(ValidationError, match="Finding 1: the due date must be in the future"):
        visit_conclude(
            actor=visit.lead, visit=visit, expected_version=visit.version, summary="Ok", findings=past
        )
    for draft in drafts:
        draft.corrective_action = "Hentikan dan laporkan"
    visit.refresh_from_db()  # the version the conclusion page shows after the last answer
    loaded_before = Visit.objects.get(pk=visit.pk)  # an answer form loaded before the conclusion
    visit_conclude(
        actor=visit.lead,
        visit=visit,
        expected_version=visit.version,
        summary="Temuan serius",
        findings=drafts,
    )
    visit.refresh_from_db()
    assert visit.status == "concluded" and visit.findings.count() == 2
    critical = Finding.objects.get(severity="critical")
    # A critical finding opens a concern for the cases capability at once.
    assert critical.concern is not None and critical.concern.lksa == visit.lksa
    assert Concern.objects.get().source == "finding" and critical.legal_basis.startswith("SE Mensos")
    # Concluded, the visit is no longer the team's to answer (a refusal, audited); an answer racing the
    # conclusion from a page loaded before it is stopped by the locked row.
    with pytest.raises(PermissionDenied):
        answer_save(actor=visit.lead, visit=visit, item=items[0], value="yes", note="")
    with pytest.raises(ValidationError, match="concluded"):
        answer_save(actor=visit.lead, visit=loaded_before, item=items[0], value="yes", note="")


def test_two_team_members_concluding_at_once_do_not_both_win(visit: Visit) -> None:
    answer_all(visit)
    visit.refresh_from_db()
    seen_version = visit.version
    theirs = Visit.objects.get(pk=visit.pk)  # the colleague's page, loaded at the same time
    visit_conclude(
        actor=visit.lead, visit=visit, expected_version=seen_version, summary="Pertama", findings=[]
    )
    colleague = visit.team.exclude(pk=visit.lead_id).get()
    with pytest.raises(StaleEdit):
        visit_conclude(
            actor=colleague, visit=theirs, expected_version=seen_version, summary="Kedua", findings=[]
        )
    visit.refresh_from_db()
    assert visit.summary == "Pertama" and visit.concluded_by == visit.lead


def test_pages_from_plan_to_report(
    registry: RegistryWorld, snpa: ChecklistTemplate, login: Callable[..., Client]
) -> None:
    supervisor = registry.world.user("supervisor")
    client = login(supervisor)
    plan = client.get("/supervision/")
    assert plan.status_code == 200 and registry.home.name in plan.content.decode()
    assert registry.medan.name not in plan.content.decode()  # outside the jurisdiction
    planned = (TODAY() + timedelta(days=2)).isoformat()
    response = client.post(
        f"/supervision/visits/new/{registry.home.pk}/",
        {"planned_on": planned, "kind": "unannounced", "team": [registry.world.user("colleague").pk]},
    )
    visit = Visit.objects.get()
    assert response.status_code == 302 and visit.team.count() == 2
    item = visit.template.items.get(code="A1")
    saved = client.post(
        f"/supervision/visits/{visit.pk}/answers/{item.pk}/",
        {f"i{item.pk}-value": "partly", f"i{item.pk}-note": "Kurang lengkap"},
        HTTP_HX_REQUEST="true",
    )
    assert saved.status_code == 200 and "Saved" in saved.content.decode()
    bad = client.post(f"/supervision/visits/{visit.pk}/answers/{item.pk}/", {f"i{item.pk}-value": "maybe"})
    assert bad.status_code == 400
    # Somebody outside the team may read the visit but not answer it.
    viewer = login(registry.world.user("viewer"), Client())
    assert viewer.get(f"/supervision/visits/{visit.pk}/").status_code == 200
    assert viewer.post(f"/supervision/visits/{visit.pk}/answers/{item.pk}/", {}).status_code == 403
    # The LKSA does not see an unannounced visit before it is concluded.
    operator = login(registry.world.user("lksa_operator"), Client())
    assert operator.get(f"/supervision/visits/{visit.pk}/").status_code == 404
    answer_all(visit)
    form = client.get(f"/supervision/visits/{visit.pk}/conclude/")
    assert form.status_code == 200 and form.context["formset"].total_form_count() == 0
    done = client.post(
        f"/supervision/visits/{visit.pk}/conclude/",
        {"version": visit.version + 1, "summary": "Baik", "f-TOTAL_FORMS": "0", "f-INITIAL_FORMS": "0"},
    )
    assert done.status_code == 400 and "Another team member" in done.content.decode()
    visit.refresh_from_db()
    done = client.post(
        f"/supervision/visits/{visit.pk}/conclude/",
        {"version": visit.version, "summary": "Baik", "f-TOTAL_FORMS": "0", "f-INITIAL_FORMS": "0"},
    )
    assert done.status_code == 302
    report = operator.get(f"/supervision/visits/{visit.pk}/report/", HTTP_ACCEPT_LANGUAGE="id")
    body = report.content.decode()
    assert report.status_code == 200 and "Berita Acara Pengawasan" in body and supervisor.full_name in body
    assert "Penjangkauan LKSA mendukung pengasuhan keluarga" in body


def test_api_answers_and_findings(
    registry: RegistryWorld, visit: Visit, login: Callable[..., Client]
) -> None:
    lead = login(registry.world.user("supervisor"))
    url = f"/api/v1/supervision/visits/{visit.pk}/answers/h45"
    saved = lead.put(url, {"value": "no", "note": "Siaran langsung"}, content_type="application/json")
    assert saved.status_code == 200 and saved.json() == {
        "item": "H45",
        "value": "no",
        "note": "Siaran langsung",
    }
    wrong = lead.put(url, {"value": "maybe"}, content_type="application/json")
    assert wrong.status_code == 422 and "value" in wrong.json()["detail"]
    outsider = login(registry.world.user("viewer"), Client())
    assert outsider.put(url, {"value": "yes"}, content_type="application/json").status_code == 403
    detail = lead.get(f"/api/v1/supervision/visits/{visit.pk}").json()
    assert detail["status"] == "in_progress" and detail["answers"][0]["item"] == "H45"
    plan = lead.get("/api/v1/supervision/plan").json()
    assert plan["items"][0]["lksa_id"] == registry.home.pk and plan["items"][0]["reasons"]
    answer_all(visit)
    visit.refresh_from_db()
    draft = DraftFinding(
        visit.template.items.get(code="B11"), "medium", "x", "Buat rencana", TODAY() + timedelta(days=9)
    )
    visit_conclude(
        actor=visit.lead, visit=visit, expected_version=visit.version, summary="Ok", findings=[draft]
    )
    finding = Finding.objects.get()
    operator = login(registry.world.user("lksa_operator"), Client())
    listed = operator.get("/api/v1/supervision/findings").json()["items"]
    assert [f["id"] for f in listed] == [finding.pk]
    empty = operator.post(
        f"/api/v1/supervision/findings/{finding.pk}/response", {"text": " "}, content_type="application/json"
    )
    assert empty.status_code == 422
    answered = operator.post(
        f"/api/v1/supervision/findings/{finding.pk}/response",
        {"text": "Sudah dibuat"},
        content_type="application/json",
    )
    assert answered.status_code == 200 and answered.json()["status"] == "responded"


def test_evidence_is_checked_by_content_and_opened_with_an_audit_trace(
    registry: RegistryWorld, visit: Visit, login: Callable[..., Client]
) -> None:
    from django.core.files.uploadedfile import SimpleUploadedFile

    from pantau.supervision.models import Evidence

    client = login(registry.world.user("supervisor"))
    item = visit.template.items.get(code="H45")
    fake = SimpleUploadedFile("foto.jpg", b"<html>not a photo</html>", content_type="image/jpeg")
    response = client.post(
        f"/supervision/visits/{visit.pk}/evidence/", {"item": item.pk, "file": fake}, follow=True
    )
    assert "Only PDF, JPEG or PNG documents are accepted" in response.content.decode()
    assert not Evidence.objects.exists()
    photo = SimpleUploadedFile("siaran.png", b"\x89PNG\r\n\x1a\n" + b"0" * 64, content_type="image/png")
    response = client.post(f"/supervision/visits/{visit.pk}/evidence/", {"item": item.pk, "file": photo})
    assert response.status_code == 302 and response["Location"].endswith("#item-H45")
    evidence = Evidence.objects.get()
    assert (evidence.item, evidence.content_type) == (item, "image/png")
    page = client.get(f"/supervision/visits/{visit.pk}/")
    assert f"/supervision/evidence/{evidence.pk}/" in page.content.decode()
    opened = client.get(f"/supervision/evidence/{evidence.pk}/")
    assert opened.status_code == 200 and opened["Content-Type"] == "image/png"
    assert AuditEvent.objects.filter(action="visit.evidence_viewed", target_id=str(visit.pk)).exists()
    # The home does not see the evidence of a visit that is not concluded.
    operator = login(registry.world.user("lksa_operator"), Client())
    assert operator.get(f"/supervision/evidence/{evidence.pk}/").status_code == 404


def test_administrators_change_points_and_edit_a_new_checklist_version(
    registry: RegistryWorld, snpa: ChecklistTemplate, login: Callable[..., Client]
) -> None:
    admin = login(registry.world.user("system_admin"))
    form = admin.get("/supervision/settings/risk/").context["form"]
    data = {name: field.initial for name, field in form.fields.items()}
    assert admin.post("/supervision/settings/risk/", {**data, "never_visited": 40}).status_code == 302
    assert admin.post("/supervision/settings/risk/", {**data, "never_visited": -1}).status_code == 400
    event = AuditEvent.objects.get(action="risk.weights_changed")
    assert event.changes == {"never_visited": [25, 40]}
    assert (
        login(registry.world.user("supervisor"), Client()).get("/supervision/settings/risk/").status_code
        == 403
    )

    response = admin.post(f"/supervision/checklists/{snpa.pk}/new-version/")
    draft = ChecklistTemplate.objects.get(version=2)
    assert response["Location"] == f"/supervision/checklists/{draft.pk}/"
    formset = admin.get(f"/supervision/checklists/{draft.pk}/").context["formset"]
    post: dict[str, object] = {}
    for index, f in enumerate(formset.forms):
        for name, field in f.fields.items():
            value = f.initial.get(name, field.initial)
            if value is None or value is False:
                continue
            post[f"items-{index}-{name}"] = value.pk if hasattr(value, "pk") else value
    post["items-0-text"] = "Butir A1 yang diperbarui"
    post["items-1-DELETE"] = "on"
    extra = len(formset.forms) - 1  # the empty form for a new item
    post.update(
        {
            f"items-{extra}-code": "h49",
            f"items-{extra}-area": "H",
            f"items-{extra}-area_title": "Pencegahan eksploitasi dan TPPO",
            f"items-{extra}-text": "Tidak ada anak yang dipekerjakan di usaha milik pengurus.",
            f"items-{extra}-severity": "high",
            f"items-{extra}-mandatory": "on",
        }
    )
    post.update(
        {
            "items-TOTAL_FORMS": len(formset.forms),
            "items-INITIAL_FORMS": extra,
            "items-MIN_NUM_FORMS": 0,
            "items-MAX_NUM_FORMS": 1000,
        }
    )
    saved = admin.post(f"/supervision/checklists/{draft.pk}/", post)
    assert saved.status_code == 302, saved.content.decode()[:2000]
    codes = list(draft.items.values_list("code", flat=True))
    assert len(codes) == 48 and "A2" not in codes and codes[-1] == "H49"
    assert draft.items.get(code="A1").text == "Butir A1 yang diperbarui"
    assert snpa.items.get(code="A1").text.startswith("Penjangkauan")  # version 1 untouched
    admin.post(f"/supervision/checklists/{draft.pk}/publish/")
    draft.refresh_from_db()
    snpa.refresh_from_db()
    assert (draft.status, snpa.status) == ("published", "retired")
    # A published version cannot be edited in place.
    assert admin.get(f"/supervision/checklists/{draft.pk}/").context["formset"] is None


def test_a_planned_visit_can_be_called_off_with_a_reason(
    registry: RegistryWorld, visit: Visit, login: Callable[..., Client]
) -> None:
    client = login(registry.world.user("supervisor"))
    client.post(f"/supervision/visits/{visit.pk}/cancel/", {"reason": ""})
    visit.refresh_from_db()
    assert visit.status == "planned"
    client.post(f"/supervision/visits/{visit.pk}/cancel/", {"reason": "Banjir, akses jalan terputus"})
    visit.refresh_from_db()
    assert (visit.status, visit.summary) == ("cancelled", "Banjir, akses jalan terputus")
    assert AuditEvent.objects.filter(action="visit.cancelled", target_id=str(visit.pk)).exists()
    page = client.get(f"/supervision/visits/{visit.pk}/")
    assert "Called off:" in page.content.decode() and "Conclude the visit" not in page.content.decode()
