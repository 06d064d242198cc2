"""The case file as a record: where the case stands at the top (lead agency, referrals waiting and
overdue, children without a service, last investigation step, the next step), a table of contents,
and forms folded behind "Add …" buttons that come back open with their errors."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from pantau.cases.models import Case, CaseChild, Referral, Service
from pantau.cases.record import case_state
from pantau.cases.services import case_child_add, case_open, referral_send, service_add
from pantau.cases.sharing import ALL_SECTIONS
from pantau.registry.tests.conftest import RegistryWorld

pytestmark = pytest.mark.django_db


def _case(registry: RegistryWorld) -> Case:
    return case_open(
        actor=registry.world.user("supervisor"),
        concerns=[],
        title="Siaran langsung di panti",
        form_of_violence="eksploitasi",
        cluster="pka",
        summary="Anak disiarkan untuk gift.",
        lksa=registry.home,
        region_code="",
    )


def _state(case: Case, *, is_lead: bool = True) -> str:
    return case_state(
        case,
        children=list(case.children.all()),
        referrals=list(case.referrals.select_related("to_org")),
        services=list(case.services.all()),
        milestones=list(case.investigation.all()),
        is_lead=is_lead,
        today=timezone.localdate(),
    ).next_step


def test_the_next_step_follows_the_case(registry: RegistryWorld) -> None:
    world = registry.world
    supervisor = world.user("supervisor")
    case = _case(registry)
    assert _state(case) == "Record the children concerned."
    child = case_child_add(actor=supervisor, case=case, record=CaseChild(name="A. (9)", sex="P", age=9))
    assert _state(case) == "Record a service for the children still without one."
    due = timezone.localdate() + timedelta(days=3)
    referral_send(
        actor=supervisor,
        case=case,
        to_org=world.ppa_unit,
        purpose="investigation",
        note="",
        due_on=due,
        legal_basis="public_task",
        consent_note="UU 35/2014 Pasal 59A.",
        shared=sorted(ALL_SECTIONS),
    )
    day = f"{due.day} {due:%B %Y}"
    assert _state(case) == f"Waiting for Unit PPA Polresta Tangerang to answer the referral by {day}."
    Referral.objects.update(due_on=timezone.localdate() - timedelta(days=2))
    late = timezone.localdate() - timedelta(days=2)
    assert _state(case) == (
        f"Chase Unit PPA Polresta Tangerang: the referral was due to be answered by {late.day} {late:%B %Y}."
    )
    Referral.objects.update(status=Referral.Status.ACCEPTED)
    service_add(
        actor=supervisor,
        case=case,
        service=Service(
            kind="psychosocial", provider="UPTD PPA", started_on=timezone.localdate(), case_child=child
        ),
    )
    assert _state(case) == "When every child is safe and served, record the outcomes and close the case."
    assert _state(case, is_lead=False) == (
        "Record the services your agency gives; the lead agency closes the case."
    )


def test_the_case_file_shows_the_state_first_and_folds_its_forms(
    registry: RegistryWorld, login: Callable[..., Client]
) -> None:
    world = registry.world
    case = _case(registry)
    due = timezone.localdate() - timedelta(days=1)
    case_child_add(actor=world.user("supervisor"), case=case, record=CaseChild(name="A. (9)", sex="P", age=9))
    referral = referral_send(
        actor=world.user("supervisor"),
        case=case,
        to_org=world.ppa_unit,
        purpose="investigation",
        note="",
        due_on=timezone.localdate() + timedelta(days=1),
        legal_basis="public_task",
        consent_note="UU 35/2014 Pasal 59A.",
        shared=sorted(ALL_SECTIONS),
    )
    Referral.objects.filter(pk=referral.pk).update(due_on=due)
    client = login(world.user("supervisor"))
    page = client.get(f"/cases/{case.pk}/").content.decode()
    state = page[page.index('data-testid="case-state"') : page.index('class="record-layout"')]
    assert "Dinas Sosial Kabupaten Tangerang" in state and "(your agency)" in state
    assert f"Unit PPA Polresta Tangerang: answer by {due.day} {due:%b %Y} (overdue)" in state
    assert "(1 without a service)" in state
    # The print button sits in the header, apart from the status line (it used to overlap it).
    head = page[page.index('class="record-head"') : page.index('data-testid="case-state"')]
    assert "Printable summary" in head and "Open" not in head
    toc = page[page.index('class="record-toc"') : page.index('class="record-body"')]
    assert '<a href="#children">Children <span class="count">1</span></a>' in toc
    assert '<a href="#referrals">Referrals <span class="count">1</span></a>' in toc
    assert '<details class="add-form" open>' not in page
    for summary in ("Add a child", "Add a person", "Add a document or photo"):
        assert f"<summary>{summary}</summary>" in page
    # Referring has its own page (the purpose first, then the agencies, the consent and what is shared).
    assert f'href="/cases/{case.pk}/referrals/">Refer to another agency</a>' in page

    # A failed submit: the file again (400), that form open with its error and what was typed.
    response = client.post(
        f"/cases/{case.pk}/subjects/", {"subject-name": "Pak R.", "subject-notes": "Pengasuh"}
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert page.count('<details class="add-form" open>') == 1
    assert '<details class="add-form" open><summary>Add a person</summary>' in page
    assert 'value="Pak R."' in page and "This field is required." in page
    assert not case.subjects.exists()
