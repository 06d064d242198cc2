"""The records the matrix's rows point at, built once per test module on top of ``pantau.conftest``'s
personas.

Scopes, seen from the personas (most of them in Kabupaten Tangerang, 36.03):

* ``in``   — records in Kabupaten Tangerang, made by or for the personas' offices (the supervisor leads
  the open visit, Dinas Sosial owns the case, the UPTD PPA received the pending referral...);
* ``out``  — the same kinds of records in Kota Medan (another province), made by Medan's offices;
* ``planned`` — the ``in`` scope with the open visit where others read the concluded one;
* ``peer`` — records inside the jurisdiction that belong to someone else (a visit of the colleague's
  team, a finding of a visit KPAI made, an account or a token of somebody else).

Records are created directly, not through services, so that the matrix does not depend on how a
service is written today; only what the access rules read is set.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from django.core.files.base import ContentFile
from django.utils import timezone

from pantau.accounts.models import ApiToken, Organisation, User
from pantau.accounts.roles import OrgKind
from pantau.accounts.tests.matrix.world_aid import add_aid_targets
from pantau.accounts.tests.matrix.world_applications import add_application_targets
from pantau.accounts.tests.matrix.world_awareness import add_awareness_targets
from pantau.accounts.tests.matrix.world_coordination import add_coordination_targets
from pantau.accounts.tests.matrix.world_incidents import add_incident_targets
from pantau.accounts.tests.matrix.world_network import add_network_targets
from pantau.accounts.tests.matrix.world_privacy import add_privacy_targets
from pantau.accounts.tests.matrix.world_recovery import add_recovery_targets
from pantau.accounts.tests.matrix.world_staffing import add_staffing_targets
from pantau.cases.models import Case, CaseChild, CaseEvidence, Concern, PlatformRequest, Referral
from pantau.children.models import Child
from pantau.conftest import ROLE_PERSONAS, World, build_world
from pantau.familycare.models import CareFile, Family, RuleSet
from pantau.imports.models import ImportJob
from pantau.linkage.models import CandidatePair, LinkageRun
from pantau.monitoring.models import MonitoredAccount, Post
from pantau.notifications.models import Notification
from pantau.registry.models import ChangeRequest, Lksa, Registration
from pantau.supervision.checklists import snpa_install
from pantau.supervision.models import ChecklistItem, ChecklistTemplate, Evidence, Finding, Visit

# A few bytes every sniffer reads as PNG: files are served with the type their content shows.
PNG = b"\x89PNG\r\n\x1a\n" + b"\0" * 32
TODAY = date(2026, 6, 1)


@dataclass
class MatrixWorld:
    world: World
    scopes: dict[str, dict[str, Any]] = field(default_factory=dict)

    def user(self, persona: str) -> User:
        return self.world.user(persona)

    def target(self, scope: str, key: str, role: str) -> Any:
        """The record ``key`` of ``scope``; a per-role target (one's own token) is a dict by role."""
        value = self.scopes["in" if scope == "any" else scope][key]
        return value[role] if isinstance(value, dict) else value


def _file(instance: Any, attribute: str, name: str) -> None:
    getattr(instance, attribute).save(name, ContentFile(PNG), save=False)


def _home(organisation: Organisation) -> Lksa:
    return Lksa.objects.create(
        organisation=organisation,
        name=organisation.name,
        region_code=organisation.region_id or "",
        capacity=40,
        children_count=1,
    )


def _child(home: Lksa, name: str) -> Child:
    return Child.objects.create(
        lksa=home,
        region_code=home.region_code,
        full_name=name,
        sex="P",
        birth_date=date(2015, 1, 1),
        referral_source="family",
        referral_reason="-",
        admitted_on=date(2025, 1, 1),
    )


def _visit(home: Lksa, office: Organisation, lead: User, template: ChecklistTemplate, *, done: bool) -> Visit:
    visit = Visit.objects.create(
        lksa=home,
        region_code=home.region_code,
        organisation=office,
        template=template,
        planned_on=TODAY,
        visited_on=TODAY if done else None,
        status=Visit.Status.CONCLUDED if done else Visit.Status.PLANNED,
        lead=lead,
    )
    visit.team.add(lead)
    return visit


def _finding(visit: Visit) -> Finding:
    return Finding.objects.create(
        visit=visit,
        lksa=visit.lksa,
        region_code=visit.region_code,
        severity="medium",
        description="-",
        corrective_action="-",
        due_on=TODAY + timedelta(days=30),
    )


def _case(home: Lksa, owner: Organisation, opener: User) -> Case:
    case = Case.objects.create(
        number=f"KS-MATRIX-{home.pk}",
        title="-",
        owner=owner,
        region_code=home.region_code,
        lksa=home,
        form_of_violence="eksploitasi",
        cluster="pka",
        summary="-",
        opened_by=opener,
    )
    CaseChild.objects.create(case=case, name="A.", sex="P", age=10)
    evidence = CaseEvidence(case=case, original_name="foto.png", content_type="image/png", uploaded_by=opener)
    _file(evidence, "file", "foto.png")
    evidence.save()
    PlatformRequest.objects.create(
        case=case,
        platform="tiktok",
        kind="preservation",
        target="@akun",
        sent_on=TODAY,
        recorded_by=opener,
        organisation=owner,
    )
    return case


def _referral(case: Case, to: Organisation, by: User, *, accepted: bool = False) -> Referral:
    return Referral.objects.create(
        case=case,
        from_org=case.owner,
        to_org=to,
        purpose=Referral.Purpose.INVESTIGATION
        if to.kind.startswith("police")
        else Referral.Purpose.PSYCHOSOCIAL,
        due_on=TODAY + timedelta(days=7),
        status=Referral.Status.ACCEPTED if accepted else Referral.Status.PENDING,
        sent_by=by,
    )


def _concern(home: Lksa) -> Concern:
    return Concern.objects.create(
        source=Concern.Source.STAFF,
        lksa=home,
        region_code=home.region_code,
        category="other",
        description="-",
    )


def _import(kind: str, by: User, office: Organisation) -> ImportJob:
    job = ImportJob(
        kind=kind, created_by=by, organisation=office, original_name="daftar.csv", status="failed"
    )
    job.errors = [{"row": 2, "column": "name", "message": "-"}]
    job.file.save("daftar.csv", ContentFile(b"name\n"), save=False)
    job.save()
    return job


def _post(home: Lksa, handle: str, by: User) -> Post:
    account = MonitoredAccount.objects.create(
        platform="tiktok", handle=handle, lksa=home, region_code=home.region_code, added_by=by
    )
    post = Post(account=account, external_id="1", text="-", source="manual", region_code=home.region_code)
    _file(post, "screenshot", "layar.png")
    post.save()
    return post


def _care_file(home: Lksa, by: User) -> tuple[Family, CareFile]:
    """A family of the home's region applying to adopt a child of the home (its own child, so that the
    other rows' child is free of any file)."""
    family = Family.objects.create(
        applicant_name="Keluarga Uji",
        applicant_sex="L",
        applicant_birth_date=date(1985, 1, 1),
        applicant_religion="islam",
        marital_status="single",
        address="-",
        region_code=home.region_code,
        registered_by=by,
    )
    file = CareFile.objects.create(
        kind="adoption",
        family=family,
        child=_child(home, "Anak Calon Adopsi"),
        lksa=home,
        child_region_code=home.region_code,
        region_code=home.region_code,
        stage_on=TODAY,
        opened_on=TODAY,
        rules=RuleSet.objects.filter(kind="adoption").order_by("version")[0],
        opened_by=by,
    )
    return family, file


def _token(user: User) -> int:
    return ApiToken.objects.create(
        user=user,
        name="matrix",
        prefix=f"m{user.pk:010d}"[:12],
        token_hash="0" * 64,
        expires_at=timezone.now() + timedelta(days=30),
    ).pk


def build_matrix_world() -> MatrixWorld:
    w = build_world()
    supervisor, colleague, outsider = w.user("supervisor"), w.user("colleague"), w.user("outsider")
    template = snpa_install()
    item = ChecklistItem.objects.filter(template=template).order_by("position").first()
    assert item is not None
    draft = ChecklistTemplate.objects.create(name=template.name, version=template.version + 1)
    ChecklistItem.objects.create(
        **{
            f.attname: getattr(item, f.attname)
            for f in ChecklistItem._meta.concrete_fields
            if f.attname not in ("id", "template_id")
        },
        template=draft,
    )
    medan_uptd = Organisation.objects.create(
        name="UPTD PPA Kota Medan", kind=OrgKind.UPTD_PPA, region_id="12.71"
    )

    scopes: dict[str, dict[str, Any]] = {}
    for scope, org, office, office_user in (
        ("in", w.lksa, w.dinsos, supervisor),
        ("out", w.lksa_medan, w.dinsos_medan, outsider),
    ):
        home = _home(org)
        child = _child(home, "Anak Uji")
        registration = Registration(lksa=home, number=f"TD/{home.pk}", issued_on=TODAY, valid_until=TODAY)
        _file(registration, "document", "tanda-daftar.png")
        registration.save()
        change = ChangeRequest(lksa=home, kind="registration", data={}, submitted_by=office_user)
        _file(change, "document", "usulan.png")
        change.save()
        open_visit = _visit(home, office, office_user, template, done=False)
        done_visit = _visit(home, office, office_user, template, done=True)
        evidence = Evidence(
            visit=done_visit,
            item=item,
            uploaded_by=office_user,
            original_name="foto.png",
            content_type="image/png",
        )
        _file(evidence, "file", "foto.png")
        evidence.save()
        case = _case(home, office, office_user)
        receiver = w.uptd if scope == "in" else medan_uptd
        referral = _referral(case, receiver, office_user)
        if scope == "in":  # the police unit works on the case too, without leading it
            _referral(case, w.ppa_unit, office_user, accepted=True)
        post = _post(home, f"panti{home.pk}", office_user)
        family, care_file = _care_file(home, office_user)
        scopes[scope] = {
            "org": org.pk,
            "office": office.pk,
            "user": (colleague if scope == "in" else outsider).pk,
            "lksa": home.pk,
            "registration": registration.pk,
            "change": change.pk,
            "lksa_import": _import("lksa", office_user, office).pk,
            "child_import": _import("children", office_user, office).pk,
            "child": child.pk,
            "visit_open": open_visit.pk,
            "visit_done": done_visit.pk,
            "visit": done_visit.pk,
            "evidence": evidence.pk,
            "item": item.pk,
            "item_code": item.code,
            "finding": _finding(done_visit).pk,
            "concern": _concern(home).pk,
            "case": case.pk,
            "case_evidence": case.evidence.get().pk,
            "platform_request": case.platform_requests.get().pk,
            "case_child": case.children.get().pk,
            "referral": referral.pk,
            "post": post.pk,
            "account": post.account_id,
            "region": org.region_id,
            "office_region": office.region_id,
            "checklist": template.pk,
            "checklist_draft": draft.pk,
            "family": family.pk,
            "care_file": care_file.pk,
        }

    add_recovery_targets(scopes)  # plans, returns and visits, LPSK, restitution (world_recovery.py)
    add_coordination_targets(w, scopes)  # rakor, its assignments and evidence (world_coordination.py)
    add_incident_targets(w, scopes)  # a home's incident report in each scope (world_incidents.py)
    add_staffing_targets(w, scopes)  # staff, their SKCK and training, sessions (world_staffing.py)
    add_application_targets(w, scopes)  # online applications, returned to the home (world_applications.py)
    add_aid_targets(scopes)  # social assistance to each home (world_aid.py)
    add_awareness_targets(w, scopes)  # sosialisasi activities and a material (world_awareness.py)
    add_privacy_targets(w, scopes)  # a data-subject request logged in each scope (world_privacy.py)
    add_network_targets(scopes)  # an account collecting for each home, a signal about it (world_network.py)

    # A possible duplicate: the Tangerang child and a Medan child ("in": one child is ours), and two
    # Medan children ("out").
    medan_home = Lksa.objects.get(pk=scopes["out"]["lksa"])
    medan_child = Child.objects.get(pk=scopes["out"]["child"])
    medan_twin = _child(medan_home, "Anak Uji Kembar")
    for scope, first, second in (
        ("in", scopes["in"]["child"], medan_child.pk),
        ("out", medan_child.pk, medan_twin.pk),
    ):
        a, b = sorted([first, second])
        scopes[scope]["pair"] = CandidatePair.objects.create(
            child_a_id=a, child_b_id=b, match_probability=0.9, match_weight=5
        ).pk
    LinkageRun.objects.create(region_code="36.03", started_by=supervisor)
    LinkageRun.objects.create(region_code="12.71", started_by=outsider)

    # Inside the jurisdiction, somebody else's: the colleague's open visit, a finding of KPAI's visit,
    # the auditor's account (only a system administrator manages auditors).
    home = Lksa.objects.get(pk=scopes["in"]["lksa"])
    kpai_visit = _visit(home, w.kpai, w.user("system_admin"), template, done=True)
    scopes["peer"] = {
        **scopes["in"],
        "visit_open": _visit(home, w.dinsos, colleague, template, done=False).pk,
        "finding": _finding(kpai_visit).pk,
        "user": w.user("auditor").pk,
    }
    # The open (planned) visit where a concluded one is read: the home must not learn of it.
    scopes["planned"] = {**scopes["in"], "visit": scopes["in"]["visit_open"]}
    # API tokens are personal: one's own ("in"), and the colleague's ("out" for everyone).
    scopes["in"]["token"] = {role: _token(w.user(role)) for role in ROLE_PERSONAS}
    scopes["out"]["token"] = _token(colleague)
    for role in ROLE_PERSONAS:
        Notification.objects.create(user=w.user(role), text="-")
    return MatrixWorld(w, scopes)
