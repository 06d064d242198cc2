"""A home that moves to another region: what follows it, table by table, and every way a move happens."""

from __future__ import annotations

import ast
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.utils import translation

from pantau.accounts.models import Organisation
from pantau.audit.models import AuditEvent
from pantau.audit.services import snapshot
from pantau.cases.models import Case, CaseSubject, Concern
from pantau.cases.selectors import cases_visible_to, concerns_for_triage
from pantau.children.models import Child
from pantau.children.selectors import children_visible_to
from pantau.lib.errors import StaleEdit
from pantau.linkage.models import LinkageRun
from pantau.monitoring.models import MonitoredAccount, Post
from pantau.network import indexer as network_indexer
from pantau.regions.models import RegionScoped, region_scoped_models
from pantau.registry.changes import change_request_submit
from pantau.registry.models import ChangeRequest, Lksa, Registration
from pantau.registry.relocation import lksa_move_region
from pantau.registry.services import PROFILE_FIELDS, lksa_update
from pantau.registry.tests.conftest import RegistryWorld
from pantau.registry.tests.test_import_export import upload, xlsx
from pantau.supervision.checklists import snpa_install
from pantau.supervision.models import Finding, Severity, Visit
from pantau.supervision.selectors import findings_visible_to, visits_visible_to

OLD = "36.03.03.2001"  # the home's village in Kabupaten Tangerang
MEDAN = "12.71.02"  # a kecamatan of Kota Medan, another province


@pytest.fixture(autouse=True)
def _english() -> Iterator[None]:
    with translation.override("en"):
        yield


@dataclass
class Home:
    """The Tangerang home with a row of every kind about it, and a row of every kind about the Medan home."""

    registry: RegistryWorld
    in_care: Child
    left: Child
    planned: Visit
    concluded: Visit
    open_finding: Finding
    closed_finding: Finding
    untriaged: Concern
    closed_concern: Concern
    case_concern: Concern
    case: Case
    account: MonitoredAccount
    undecided: Post
    decided: Post
    unlinked_account: MonitoredAccount
    run: LinkageRun
    medan_child: Child

    @property
    def lksa(self) -> Lksa:
        return Lksa.objects.get(pk=self.registry.home.pk)


def _child(lksa: Lksa, name: str, **extra: object) -> Child:
    return Child.objects.create(
        lksa=lksa,
        region_code=lksa.region_code,
        full_name=name,
        sex="P",
        referral_source="family",
        referral_reason="-",
        admitted_on=date(2024, 1, 1),
        **extra,
    )


@pytest.fixture
def home(registry: RegistryWorld) -> Home:
    world, lksa = registry.world, registry.home
    supervisor = world.user("supervisor")
    template = snpa_install()

    def visit(status: str) -> Visit:
        return Visit.objects.create(
            lksa=lksa,
            region_code=OLD,
            organisation=world.dinsos,
            template=template,
            planned_on=date(2026, 1, 10),
            status=status,
            lead=supervisor,
        )

    planned, concluded = visit(Visit.Status.PLANNED), visit(Visit.Status.CONCLUDED)

    def finding(status: str) -> Finding:
        return Finding.objects.create(
            visit=concluded,
            lksa=lksa,
            region_code=OLD,
            severity=Severity.HIGH,
            description="-",
            corrective_action="-",
            due_on=date(2026, 3, 1),
            status=status,
        )

    def concern(status: str, **extra: object) -> Concern:
        return Concern.objects.create(
            source=Concern.Source.PUBLIC,
            lksa=lksa,
            region_code=OLD,
            category="abuse",
            description="-",
            status=status,
            **extra,
        )

    case = Case.objects.create(
        number="KS-2026-1",
        title="Kasus",
        owner=world.uptd,
        region_code=OLD,
        lksa=lksa,
        form_of_violence="fisik",
        cluster="pka",
        summary="-",
        opened_by=world.user("case_worker"),
    )
    account = MonitoredAccount.objects.create(
        platform="tiktok", handle="panti.kasih", lksa=lksa, region_code=OLD
    )

    def post(decision: str) -> Post:
        return Post.objects.create(
            account=account, text="-", source="manual", region_code=OLD, decision=decision
        )

    # The network index: the account's handle follows the home; the case's alleged person stays.
    CaseSubject.objects.create(
        case=case, name="Budi Santoso", relation="pengurus", birth_date=date(1980, 1, 2)
    )

    network_indexer.rebuild()
    return Home(
        registry=registry,
        in_care=_child(lksa, "Anak Satu"),
        left=_child(lksa, "Anak Dua", status=Child.Status.LEFT),
        planned=planned,
        concluded=concluded,
        open_finding=finding(Finding.Status.OPEN),
        closed_finding=finding(Finding.Status.CLOSED),
        untriaged=concern(Concern.Status.RECEIVED),
        closed_concern=concern(Concern.Status.CLOSED, closed_reason="Bukan kewenangan"),
        case_concern=concern(Concern.Status.IN_REVIEW, case=case),
        case=case,
        account=account,
        undecided=post(""),
        decided=post(Post.Decision.NO_ACTION),
        # An account the office registered with no home: its region is the office's, not a home's.
        unlinked_account=MonitoredAccount.objects.create(
            platform="tiktok", handle="jual.bayi", region_code="36.03"
        ),
        run=LinkageRun.objects.create(region_code="36.03"),
        medan_child=_child(registry.medan, "Anak Medan"),
    )


def _region(row: RegionScoped) -> str:
    return type(row)._default_manager.values_list("region_code", flat=True).get(pk=row.pk)


def test_the_move_is_one_audited_step_and_each_table_follows_its_own_rule(home: Home) -> None:
    version = home.lksa.version
    actor = home.registry.world.user("system_admin")
    result = lksa_move_region(lksa=home.lksa, region_code="127102", actor=actor)  # dots optional

    assert home.lksa.region_code == MEDAN and home.lksa.version == version + 1
    assert Organisation.objects.get(pk=home.lksa.organisation_id).region_id == MEDAN
    # Children: all of the home's, in care or not, go with its file.
    assert (_region(home.in_care), _region(home.left)) == (MEDAN, MEDAN)
    # Supervision stays with the office that did it, open or not.
    assert [_region(r) for r in (home.planned, home.concluded, home.open_finding, home.closed_finding)] == [
        OLD
    ] * 4
    # A concern waiting for triage goes to the office now responsible; triaged ones stay where decided.
    assert [_region(r) for r in (home.untriaged, home.closed_concern, home.case_concern)] == [MEDAN, OLD, OLD]
    # A case stays where it was opened.
    assert _region(home.case) == OLD
    # The home's accounts and all their posts follow; an account of no home, and a run, are not the home's.
    assert [_region(r) for r in (home.account, home.undecided, home.decided)] == [MEDAN] * 3
    assert (_region(home.unlinked_account), _region(home.run)) == ("36.03", "36.03")
    assert _region(home.medan_child) == "12.71.02"

    expected = {
        "moved": {
            "cases.case": 0,
            "cases.concern": 1,
            "children.child": 2,
            "familycare.earlywarning": 0,
            "incidents.incidentreport": 0,
            "monitoring.monitoredaccount": 1,
            "monitoring.post": 2,
            "network.occurrence": 1,  # the account's handle
            "network.signal": 0,
            "supervision.finding": 0,
            "supervision.visit": 0,
        },
        "kept": {
            "cases.case": 1,
            "cases.concern": 2,
            "children.child": 0,
            "familycare.earlywarning": 0,
            "incidents.incidentreport": 0,
            "monitoring.monitoredaccount": 0,
            "monitoring.post": 0,
            "network.occurrence": 1,  # the case's alleged person
            "network.signal": 0,
            "supervision.finding": 2,
            "supervision.visit": 2,
        },
    }
    assert result == expected
    event = AuditEvent.objects.get(action="lksa.region_moved")
    assert (event.actor_id, event.target_type, event.target_id, event.target_region_code) == (
        actor.pk,
        "registry.lksa",
        str(home.lksa.pk),
        MEDAN,
    )
    assert event.changes == {"region_code": [OLD, MEDAN], **expected}


def test_who_sees_what_after_the_move(home: Home) -> None:
    world = home.registry.world
    lksa_move_region(lksa=home.lksa, region_code=MEDAN, actor=world.user("system_admin"))
    old_office, new_office = world.user("supervisor"), world.user("outsider")

    assert set(children_visible_to(new_office)) == {home.in_care, home.left, home.medan_child}
    assert not children_visible_to(old_office).exists()
    # The old office keeps its visits and findings (and decides them); the new one plans its own.
    assert set(visits_visible_to(old_office)) == {home.planned, home.concluded}
    assert set(findings_visible_to(old_office)) == {home.open_finding, home.closed_finding}
    assert not visits_visible_to(new_office).exists()
    # The home still sees its findings and concluded visits, whatever the region.
    operator = world.user("lksa_operator")
    assert set(findings_visible_to(operator)) == {home.open_finding, home.closed_finding}
    assert list(visits_visible_to(operator)) == [home.concluded]
    assert list(concerns_for_triage(new_office)) == [home.untriaged]
    assert set(concerns_for_triage(old_office)) == {home.closed_concern, home.case_concern}
    # Case work is by need to know, not region: the lead agency keeps its case.
    assert list(cases_visible_to(world.user("case_worker"))) == [home.case]


def test_the_new_office_still_learns_of_the_homes_earlier_cases(
    home: Home, login: Callable[..., Client]
) -> None:
    """The case stays in the region where it was opened, but the home's page counts it for whoever sees
    the home now (counts only, never to the home itself)."""
    world = home.registry.world
    lksa_move_region(lksa=home.lksa, region_code=MEDAN, actor=world.user("system_admin"))
    page = login(world.user("outsider")).get(f"/registry/{home.lksa.pk}/").content.decode()
    assert "Protection cases about this home" in page and "1 \u00d7 Physical (fisik) (open)" in page
    operator = login(world.user("lksa_operator"), Client()).get(f"/registry/{home.lksa.pk}/")
    assert "Protection cases about this home" not in operator.content.decode()
    # SIMFONI figures stay with the office where the case was opened.
    assert _region(home.case) == OLD


def test_same_region_changes_nothing_and_a_bad_region_is_refused(home: Home) -> None:
    actor = home.registry.world.user("system_admin")
    assert lksa_move_region(lksa=home.lksa, region_code=OLD, actor=actor) == {}
    for code in ("99.99", "36", ""):  # unknown; a province is too coarse for a home
        with pytest.raises(ValidationError) as refused:
            lksa_move_region(lksa=home.lksa, region_code=code, actor=actor)
        assert refused.value.message_dict == {
            "region_code": ["Give the code of an existing kabupaten/kota, kecamatan or village."]
        }
    assert home.lksa.region_code == OLD and _region(home.in_care) == OLD
    assert not AuditEvent.objects.filter(action="lksa.region_moved").exists()


def test_profile_form_moves_the_home_through_the_service(home: Home, login: Callable[..., Client]) -> None:
    client = login(home.registry.world.user("supervisor"))
    lksa = home.lksa
    data = {f: getattr(lksa, f) or "" for f in PROFILE_FIELDS if f not in ("is_active", "solicits_donations")}
    response = client.post(
        f"/registry/{lksa.pk}/edit/",
        {**data, "region_code": "36.03.03", "name": "Nama Baru", "is_active": "on", "version": lksa.version},
    )
    assert response.status_code == 302, response.content.decode()[:400]
    assert (home.lksa.region_code, home.lksa.name) == ("36.03.03", "Nama Baru")
    assert (_region(home.in_care), _region(home.untriaged), _region(home.planned)) == (
        "36.03.03",
        "36.03.03",
        OLD,
    )
    moved = AuditEvent.objects.get(action="lksa.region_moved")
    assert moved.changes["moved"]["children.child"] == 2
    # The profile entry records the other changes; the move has its own entry.
    assert AuditEvent.objects.get(action="lksa.updated").changes == {
        "name": ["LKSA Kasih Bunda", "Nama Baru"]
    }


def test_form_loaded_before_a_move_is_refused(home: Home) -> None:
    lksa = home.lksa
    before = snapshot(lksa, PROFILE_FIELDS)
    lksa_move_region(lksa=home.lksa, region_code="36.03.03", actor=home.registry.world.user("supervisor"))
    lksa.name = "Nama Lama Ditimpa"
    with pytest.raises(StaleEdit):
        lksa_update(
            actor=home.registry.world.user("supervisor"), lksa=lksa, before=before, expected_version=1
        )
    assert (home.lksa.region_code, home.lksa.name) == ("36.03.03", "LKSA Kasih Bunda")


def test_approved_proposal_of_a_new_region_moves_what_follows(
    home: Home, login: Callable[..., Client]
) -> None:
    lksa = home.lksa
    # Through the service: the proposal form checks the region against the operator's own jurisdiction,
    # the home's village, so an operator cannot yet propose another village there.
    change = change_request_submit(
        actor=home.registry.world.user("lksa_operator"),
        lksa=lksa,
        kind="profile",
        data={
            "name": lksa.name,
            "region_code": "36.03.03",
            "capacity": "40",
            "is_active": "on",
            "version": str(lksa.version),
        },
        document=None,
    )
    response = login(home.registry.world.user("supervisor")).post(f"/registry/changes/{change.pk}/approve/")
    assert response.status_code == 302
    assert ChangeRequest.objects.get(pk=change.pk).status == "approved"
    assert home.lksa.region_code == "36.03.03"
    assert [_region(r) for r in (home.in_care, home.left, home.account, home.decided)] == ["36.03.03"] * 4
    assert AuditEvent.objects.get(action="lksa.region_moved").actor == home.registry.world.user("supervisor")


def test_import_with_a_new_region_moves_what_follows(home: Home, login: Callable[..., Client]) -> None:
    lksa = home.lksa
    client = login(home.registry.world.user("supervisor"))
    job = upload(client, xlsx([{"nama_lksa": lksa.name, "kode_wilayah": OLD, "kapasitas": 45}]))
    assert (job.status, job.updated_count) == ("done", 1)
    assert not AuditEvent.objects.filter(action="lksa.region_moved").exists()
    # Matched by its registration number, the home appears with another village code.
    Registration.objects.create(lksa=lksa, number="TD/PINDAH/1", issued_on=date(2025, 1, 1))
    row = {
        "nama_lksa": lksa.name,
        "kode_wilayah": "36.03.03",
        "no_tanda_daftar": "TD/PINDAH/1",
        "tanggal_tanda_daftar": "2025-01-01",
        "kapasitas": 45,
    }
    job = upload(client, xlsx([row]))
    assert (job.status, job.created_count, job.updated_count) == ("done", 0, 1), job.errors
    assert home.lksa.region_code == "36.03.03"
    assert Organisation.objects.get(pk=lksa.organisation_id).region_id == "36.03.03"
    assert (_region(home.in_care), _region(home.untriaged), _region(home.case)) == (
        "36.03.03",
        "36.03.03",
        OLD,
    )
    assert AuditEvent.objects.get(action="lksa.region_moved").changes["region_code"] == [OLD, "36.03.03"]


def test_every_region_scoped_table_states_its_policy_and_has_the_prefix_index() -> None:
    """A new scoped table inherits the index and ``in_region``; its home policy must point at a real LKSA."""
    models = {m._meta.label_lower: m for m in region_scoped_models()}
    assert set(models) == {
        "registry.lksa",
        "children.child",
        "supervision.visit",
        "supervision.finding",
        "cases.concern",
        "cases.case",
        "monitoring.monitoredaccount",
        "monitoring.post",
        "linkage.linkagerun",
        "familycare.family",
        "familycare.carefile",
        "familycare.earlywarning",
        "staffing.bar",
        "staffing.trainingsession",
        "incidents.incidentreport",
        "awareness.awarenessactivity",
        "privacy.subjectrequest",
        "network.occurrence",
        "network.signal",
    }
    for label, model in models.items():
        index = [i for i in model._meta.indexes if i.fields == ["region_code"] and not i.condition]
        assert [i.opclasses for i in index] == [["varchar_pattern_ops"]], label
        assert callable(getattr(model._default_manager, "in_region", None)), label
        if model.home_field is not None:
            target = model
            for step in model.home_field.split("__"):
                target = target._meta.get_field(step).related_model  # type: ignore[assignment]
            assert target is Lksa, label
    follows = {label for label, m in models.items() if m.home_field and m.follows_home}
    assert follows == {
        "children.child",
        "cases.concern",
        "monitoring.monitoredaccount",
        "monitoring.post",
        "familycare.earlywarning",
        "incidents.incidentreport",
        "network.occurrence",
        "network.signal",
    }


def test_the_registry_imports_no_app_that_keeps_rows_about_homes() -> None:
    root = Path(__file__).resolve().parents[1]
    forbidden = ("children", "supervision", "cases", "monitoring", "linkage")
    found = []
    for path in root.rglob("*.py"):
        if "tests" in path.parts:
            continue
        source = path.read_text()
        for node in ast.walk(ast.parse(source)):
            names = [node.module or ""] if isinstance(node, ast.ImportFrom) else []
            names += [a.name for a in node.names] if isinstance(node, ast.Import) else []
            found += [
                f"{path.name}: {n}" for n in names if n.split(".")[:2] in [["pantau", f] for f in forbidden]
            ]
        found += [f"{path.name}: string" for f in forbidden if f'"pantau.{f}.' in source]
    assert found == []
