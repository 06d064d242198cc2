"""Every role x every page and API endpoint x in-region / out-of-region target.

The expected table is written out here by hand, independently of ``pantau.accounts.access``, so that a
change to the policy must be made (and reviewed) twice.
"""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.test import Client

from pantau.audit.models import AuditEvent
from pantau.cases.models import Case as ProtectionCase
from pantau.children.models import Child
from pantau.conftest import ROLE_PERSONAS, World
from pantau.linkage.models import CandidatePair
from pantau.monitoring.models import MonitoredAccount, Post
from pantau.registry.models import Lksa
from pantau.supervision.models import ChecklistTemplate, Finding, Visit

ALL = set(ROLE_PERSONAS)
STAFF = ALL - {"lksa_operator"}  # roles with the agency directory
ADMINS = {"system_admin", "org_admin"}
CHILD_ROLES = {"supervisor", "case_worker", "lksa_operator"}
# Staff roles in a Dinas Sosial or KPAI office (the world's UPTD and police roles have no supervision).
SUPERVISION_VIEWERS = {"system_admin", "org_admin", "supervisor", "viewer", "auditor"}
CASE_WORKERS = {"supervisor", "case_worker", "investigator"}
MONITORING = {"supervisor", "investigator"}  # the world's UPTD PPA case worker does not monitor

# name -> (url builder, {role: expected status}); roles not listed get `default`.
Case = tuple[Callable[[World], str], dict[str, int], int]


def expect(
    allowed: set[str], *, ok: int = 200, otherwise: int = 403, **special: int
) -> tuple[dict[str, int], int]:
    table = {role: ok for role in allowed}
    table.update(special)
    return table, otherwise


def _case(url: Callable[[World], str], allowed: set[str], **kw: int) -> Case:
    table, default = expect(allowed, **kw)
    return url, table, default


PAGES: dict[str, Case] = {
    "home": _case(lambda w: "/", ALL),
    "profile": _case(lambda w: "/account/", ALL),
    "password_change": _case(lambda w: "/account/password/", ALL),
    "region_search": _case(lambda w: "/regions/search/?q=tang", ALL),
    "organisation_list": _case(lambda w: "/organisations/", STAFF),
    "organisation_detail_in_region": _case(lambda w: f"/organisations/{w.lksa.pk}/", STAFF),
    # Out of region: only the national system administrator sees it; others get "not found".
    "organisation_detail_out_of_region": _case(
        lambda w: f"/organisations/{w.dinsos_medan.pk}/",
        {"system_admin"},
        **{role: 404 for role in STAFF - {"system_admin"}},
    ),
    "organisation_create": _case(lambda w: "/organisations/new/", {"system_admin"}),
    "organisation_edit_in_region": _case(lambda w: f"/organisations/{w.lksa.pk}/edit/", {"system_admin"}),
    "organisation_edit_out_of_region": _case(
        lambda w: f"/organisations/{w.dinsos_medan.pk}/edit/", {"system_admin"}
    ),
    "user_list": _case(lambda w: "/users/", ADMINS),
    "user_create": _case(lambda w: "/users/new/", ADMINS),
    "user_edit_colleague": _case(lambda w: f"/users/{w.user('colleague').pk}/", ADMINS),
    "user_edit_outsider": _case(
        lambda w: f"/users/{w.user('outsider').pk}/", {"system_admin"}, org_admin=404
    ),
    "audit_trail": _case(lambda w: "/audit/", {"auditor"}),
    # API
    "api_me": _case(lambda w: "/api/v1/me", ALL),
    "api_regions": _case(lambda w: "/api/v1/regions?parent=36", ALL),
    "api_region_detail": _case(lambda w: "/api/v1/regions/36.03", ALL),
    "api_region_contains": _case(lambda w: "/api/v1/regions/contains?outer=36&inner=36.03.03", ALL),
    "api_organisations": _case(lambda w: "/api/v1/organisations", STAFF),
    "api_organisation_in_region": _case(lambda w: f"/api/v1/organisations/{w.lksa.pk}", STAFF),
    "api_organisation_out_of_region": _case(
        lambda w: f"/api/v1/organisations/{w.dinsos_medan.pk}",
        {"system_admin"},
        **{role: 404 for role in STAFF - {"system_admin"}},
    ),
    "api_users": _case(lambda w: "/api/v1/users", ADMINS),
    "api_audit_events": _case(lambda w: "/api/v1/audit/events", {"auditor"}),
    # LKSA registry: everyone with the registry sees their jurisdiction (an operator: their own home);
    # only Dinas Sosial supervisors register and edit (the system administrator runs the platform, not the
    # registry's data entry).
    "registry_list": _case(lambda w: "/registry/", ALL),
    "registry_expiring": _case(lambda w: "/registry/expiring/", ALL),
    "registry_detail_in_region": _case(lambda w: f"/registry/{_home(w)}/", ALL),
    "registry_detail_out_of_region": _case(
        lambda w: f"/registry/{_medan(w)}/",
        {"system_admin"},
        **{role: 404 for role in ALL - {"system_admin"}},
    ),
    "registry_create": _case(lambda w: "/registry/new/", {"supervisor"}),
    "registry_edit_in_region": _case(lambda w: f"/registry/{_home(w)}/edit/", {"supervisor"}),
    "registry_edit_out_of_region": _case(lambda w: f"/registry/{_medan(w)}/edit/", set(), supervisor=404),
    "registry_record_add_in_region": _case(
        lambda w: f"/registry/{_home(w)}/records/registration/new/", {"supervisor"}
    ),
    "registry_export_csv": _case(lambda w: "/registry/export.csv", ALL),
    "registry_export_xlsx": _case(lambda w: "/registry/export.xlsx", ALL),
    "registry_imports": _case(lambda w: "/registry/imports/", {"supervisor"}),
    "registry_import_template": _case(lambda w: "/registry/imports/template.xlsx", {"supervisor"}),
    "registry_changes": _case(lambda w: "/registry/changes/", ALL),
    "registry_contact_in_region": _case(lambda w: f"/registry/{_home(w)}/contact/", {"lksa_operator"}),
    "registry_contact_out_of_region": _case(
        lambda w: f"/registry/{_medan(w)}/contact/", set(), lksa_operator=404
    ),
    "registry_propose_in_region": _case(
        lambda w: f"/registry/{_home(w)}/propose/registration/", {"lksa_operator"}
    ),
    # Children: names and identifiers stay with the home, Dinas Sosial and UPTD PPA.
    "children_list": _case(lambda w: "/children/", CHILD_ROLES),
    "children_admit": _case(lambda w: "/children/admit/", {"supervisor", "lksa_operator"}),
    "children_imports": _case(lambda w: "/children/imports/", {"supervisor", "lksa_operator"}),
    "children_import_template": _case(
        lambda w: "/children/imports/template.xlsx", {"supervisor", "lksa_operator"}
    ),
    # Supervision: Dinas Sosial and KPAI plan and conduct visits; Kemensos watches; LKSA see findings.
    "supervision_plan": _case(lambda w: "/supervision/", SUPERVISION_VIEWERS),
    "supervision_visits": _case(lambda w: "/supervision/visits/", SUPERVISION_VIEWERS),
    "supervision_visit_new_in_region": _case(
        lambda w: f"/supervision/visits/new/{_home(w)}/", {"supervisor"}
    ),
    "supervision_visit_new_out_of_region": _case(
        lambda w: f"/supervision/visits/new/{_medan(w)}/",
        set(),
        supervisor=404,
    ),
    "supervision_risk_weights": _case(lambda w: "/supervision/settings/risk/", {"system_admin"}),
    "supervision_checklists": _case(lambda w: "/supervision/checklists/", {"system_admin"}),
    "supervision_workload": _case(lambda w: "/supervision/workload/", SUPERVISION_VIEWERS),
    # Cases: content for the lead agency and accepted referrals only (need to know, not jurisdiction).
    "cases_list": _case(lambda w: "/cases/", CASE_WORKERS),
    "cases_simfoni_export": _case(lambda w: "/cases/simfoni/", SUPERVISION_VIEWERS),
    "case_summary_own_agency": _case(
        lambda w: f"/cases/{_case_of(w.lksa)}/summary/", {"supervisor"}, case_worker=404, investigator=404
    ),
    "notifications": _case(lambda w: "/notifications/", ALL),
    "cases_triage": _case(lambda w: "/cases/triage/", {"supervisor", "case_worker"}),
    "cases_concern_new": _case(lambda w: "/cases/triage/new/", {"supervisor", "case_worker"}),
    "cases_referrals": _case(lambda w: "/cases/referrals/", CASE_WORKERS),
    "case_own_agency": _case(
        lambda w: f"/cases/{_case_of(w.lksa)}/", {"supervisor"}, case_worker=404, investigator=404
    ),
    "case_other_agency": _case(
        lambda w: f"/cases/{_case_of(w.lksa_medan)}/",
        set(),
        supervisor=404,
        case_worker=404,
        investigator=404,
    ),
    "supervision_findings": _case(
        lambda w: "/supervision/findings/", SUPERVISION_VIEWERS | {"lksa_operator"}
    ),
    # A concluded visit and its finding: the home sees its own; out of region, only the national office.
    "supervision_visit_in_region": _case(
        lambda w: f"/supervision/visits/{_visit(w.lksa)}/", SUPERVISION_VIEWERS | {"lksa_operator"}
    ),
    "supervision_report_in_region": _case(
        lambda w: f"/supervision/visits/{_visit(w.lksa)}/report/", SUPERVISION_VIEWERS | {"lksa_operator"}
    ),
    "supervision_visit_out_of_region": _case(
        lambda w: f"/supervision/visits/{_visit(w.lksa_medan)}/",
        {"system_admin"},
        **{role: 404 for role in (SUPERVISION_VIEWERS | {"lksa_operator"}) - {"system_admin"}},
    ),
    "supervision_finding_in_region": _case(
        lambda w: f"/supervision/findings/{_finding(w.lksa)}/", SUPERVISION_VIEWERS | {"lksa_operator"}
    ),
    "supervision_finding_out_of_region": _case(
        lambda w: f"/supervision/findings/{_finding(w.lksa_medan)}/",
        {"system_admin"},
        **{role: 404 for role in (SUPERVISION_VIEWERS | {"lksa_operator"}) - {"system_admin"}},
    ),
    "children_reviews_due": _case(lambda w: "/children/reviews-due/", CHILD_ROLES),
    "children_quality": _case(lambda w: "/children/quality/", CHILD_ROLES),
    # Figures name no child: everyone with the registry sees those of their jurisdiction.
    "children_figures": _case(lambda w: "/children/figures/?level=province", ALL),
    "api_children": _case(lambda w: "/api/v1/children", CHILD_ROLES),
    "api_child_out_of_region": _case(
        lambda w: f"/api/v1/children/{_child(w, w.lksa_medan)}", set(), **{role: 404 for role in CHILD_ROLES}
    ),
    "api_supervision_plan": _case(lambda w: "/api/v1/supervision/plan", SUPERVISION_VIEWERS),
    "api_supervision_findings": _case(
        lambda w: "/api/v1/supervision/findings", SUPERVISION_VIEWERS | {"lksa_operator"}
    ),
    "api_supervision_finding_out_of_region": _case(
        lambda w: f"/api/v1/supervision/findings/{_finding(w.lksa_medan)}",
        {"system_admin"},
        **{role: 404 for role in (SUPERVISION_VIEWERS | {"lksa_operator"}) - {"system_admin"}},
    ),
    "api_cases": _case(lambda w: "/api/v1/cases", CASE_WORKERS),
    "api_cases_triage": _case(lambda w: "/api/v1/cases/triage", {"supervisor", "case_worker"}),
    "api_case_other_agency": _case(
        lambda w: f"/api/v1/cases/{_case_of(w.lksa_medan)}",
        set(),
        supervisor=404,
        case_worker=404,
        investigator=404,
    ),
    "api_children_figures": _case(lambda w: "/api/v1/children/figures", ALL),
    "child_detail_in_region": _case(lambda w: f"/children/{_child(w, w.lksa)}/", CHILD_ROLES),
    "child_detail_out_of_region": _case(
        lambda w: f"/children/{_child(w, w.lksa_medan)}/", set(), **{role: 404 for role in CHILD_ROLES}
    ),
    # Possible duplicates: Dinas Sosial officers, for pairs with a child in their jurisdiction.
    "duplicates_queue": _case(lambda w: "/duplicates/", {"supervisor"}),
    "duplicates_pair_in_region": _case(lambda w: f"/duplicates/pairs/{_pair(w, w.lksa)}/", {"supervisor"}),
    "duplicates_pair_out_of_region": _case(
        lambda w: f"/duplicates/pairs/{_pair(w, w.lksa_medan)}/", set(), supervisor=404
    ),
    "duplicates_runs": _case(lambda w: "/duplicates/runs/", {"supervisor"}),
    "api_linkage_pairs": _case(lambda w: "/api/v1/linkage/pairs", {"supervisor"}),
    "api_linkage_pair_out_of_region": _case(
        lambda w: f"/api/v1/linkage/pairs/{_pair(w, w.lksa_medan)}", set(), supervisor=404
    ),
    "api_linkage_runs": _case(lambda w: "/api/v1/linkage/runs", {"supervisor"}),
    # Online monitoring: Dinas Sosial / KPAI officers and police cyber / PPA units, in their jurisdiction.
    "monitoring_queue": _case(lambda w: "/monitoring/", MONITORING),
    "monitoring_post_in_region": _case(lambda w: f"/monitoring/posts/{_post(w.lksa)}/", MONITORING),
    "monitoring_post_out_of_region": _case(
        lambda w: f"/monitoring/posts/{_post(w.lksa_medan)}/", set(), supervisor=404, investigator=404
    ),
    "monitoring_accounts": _case(lambda w: "/monitoring/accounts/", MONITORING),
    "monitoring_capture": _case(lambda w: "/monitoring/capture/", MONITORING),
    "monitoring_import": _case(lambda w: "/monitoring/import/", MONITORING),
    "monitoring_evaluation": _case(lambda w: "/monitoring/evaluation/", MONITORING),
    "api_monitoring_posts": _case(lambda w: "/api/v1/monitoring/posts", MONITORING),
    "api_monitoring_accounts": _case(lambda w: "/api/v1/monitoring/accounts", MONITORING),
    "api_monitoring_post_in_region": _case(lambda w: f"/api/v1/monitoring/posts/{_post(w.lksa)}", MONITORING),
    "api_monitoring_post_out_of_region": _case(
        lambda w: f"/api/v1/monitoring/posts/{_post(w.lksa_medan)}", set(), supervisor=404, investigator=404
    ),
    "api_registry_list": _case(lambda w: "/api/v1/registry/lksa", ALL),
    "api_registry_detail_out_of_region": _case(
        lambda w: f"/api/v1/registry/lksa/{_medan(w)}",
        {"system_admin"},
        **{role: 404 for role in ALL - {"system_admin"}},
    ),
}

# Pages for everyone, signed in or not.
PUBLIC_PAGES = [
    "/check/?q=kasih",
    "/check/account/?value=12345678",
    "/check/report/",
    "/check/track/?code=X",
    "/api/v1/public/lksa?q=kasih",
]


def _home(w: World) -> int:
    return Lksa.objects.get(organisation=w.lksa).pk


def _medan(w: World) -> int:
    return Lksa.objects.get(organisation=w.lksa_medan).pk


def _visit(organisation: object) -> int:
    return Visit.objects.get(lksa__organisation=organisation).pk


def _case_of(organisation: object) -> int:
    return ProtectionCase.objects.get(lksa__organisation=organisation).pk


def _finding(organisation: object) -> int:
    return Finding.objects.get(lksa__organisation=organisation).pk


def _child(w: World, organisation: object) -> int:
    return Child.objects.get(lksa__organisation=organisation).pk


def _pair(w: World, organisation: object) -> int:
    """A possible duplicate of the Medan child: with a child of ``organisation``'s home."""
    medan, *more = Child.objects.filter(lksa__organisation=w.lksa_medan).order_by("pk")
    if organisation == w.lksa_medan:  # a second child in the same Medan home
        other = more[0] if more else Child.objects.create(**{**_fields(medan), "full_name": "Anak Uji 2"})
    else:
        other = Child.objects.get(lksa__organisation=organisation)
    a, b = sorted([medan.pk, other.pk])
    pair, _ = CandidatePair.objects.get_or_create(
        child_a_id=a, child_b_id=b, defaults={"match_probability": 0.9, "match_weight": 5}
    )
    return pair.pk


def _post(organisation: object) -> int:
    home = Lksa.objects.get(organisation=organisation)
    account, _ = MonitoredAccount.objects.get_or_create(
        platform="tiktok", handle=f"home{home.pk}", defaults={"lksa": home, "region_code": home.region_code}
    )
    post, _ = Post.objects.get_or_create(
        account=account,
        external_id="1",
        defaults={"text": "-", "source": "manual", "region_code": home.region_code},
    )
    return post.pk


def _fields(child: Child) -> dict[str, object]:
    return {f.attname: getattr(child, f.attname) for f in Child._meta.concrete_fields if f.attname != "id"}


@pytest.fixture(autouse=True)
def _registry_records(world: World) -> None:
    for organisation in (world.lksa, world.lksa_medan):
        home = Lksa.objects.create(
            organisation=organisation, name=organisation.name, region_code=organisation.region_id or ""
        )
        Child.objects.create(
            lksa=home,
            region_code=home.region_code,
            full_name="Anak Uji",
            sex="P",
            referral_source="family",
            referral_reason="-",
            admitted_on="2025-01-01",
        )
        visit = Visit.objects.create(
            lksa=home,
            region_code=home.region_code,
            organisation=world.dinsos,
            template=ChecklistTemplate.objects.get(status="published"),
            planned_on="2025-02-01",
            visited_on="2025-02-01",
            status=Visit.Status.CONCLUDED,
            lead=world.user("supervisor"),
        )
        ProtectionCase.objects.create(
            number=f"KS-TEST-{home.pk}",
            title="-",
            owner=world.dinsos if organisation == world.lksa else world.dinsos_medan,
            region_code=home.region_code,
            lksa=home,
            form_of_violence="eksploitasi",
            cluster="pka",
            summary="-",
            opened_by=world.user("supervisor"),
        )
        Finding.objects.create(
            visit=visit,
            lksa=home,
            region_code=home.region_code,
            severity="medium",
            description="-",
            corrective_action="-",
            due_on="2025-04-01",
        )


@pytest.mark.parametrize("page", sorted(PAGES))
@pytest.mark.parametrize("role", ROLE_PERSONAS)
def test_role_page_matrix(world: World, login: Callable[..., Client], role: str, page: str) -> None:
    url, table, default = PAGES[page]
    client = login(world.user(role))
    response = client.get(url(world))
    expected = table.get(role, default)
    assert response.status_code == expected, f"{role} GET {url(world)}: {response.status_code} != {expected}"
    if expected in (403, 404):
        # Every refusal leaves a trace for the auditors.
        assert AuditEvent.objects.filter(action="access.denied", actor=world.user(role)).exists()


@pytest.mark.parametrize("url", PUBLIC_PAGES)
@pytest.mark.parametrize("role", [None, *ROLE_PERSONAS])
def test_public_pages_are_open_to_everyone(
    world: World, login: Callable[..., Client], role: str | None, url: str
) -> None:
    client = login(world.user(role)) if role else Client()
    assert client.get(url).status_code == 200


@pytest.mark.parametrize("page", sorted(PAGES))
def test_anonymous_is_sent_to_login_or_refused(world: World, client: Client, page: str) -> None:
    url = PAGES[page][0](world)
    response = client.get(url)
    if url.startswith("/api/"):
        assert response.status_code == 401
        assert "detail" in response.json()
    else:
        assert response.status_code == 302
        assert response["Location"].startswith("/login/?next=")


def test_scoped_list_shows_only_the_jurisdiction(world: World, login: Callable[..., Client]) -> None:
    body = login(world.user("supervisor")).get("/organisations/").content.decode()
    assert "LKSA Kasih Bunda" in body
    assert "Dinas Sosial Kota Medan" not in body
    assert "Panti Asuhan Harapan" not in body
    names = {o["name"] for o in login(world.user("supervisor")).get("/api/v1/organisations").json()["items"]}
    assert "Panti Asuhan Harapan" not in names and "LKSA Kasih Bunda" in names


def test_outsider_sees_their_own_province_not_ours(world: World, login: Callable[..., Client]) -> None:
    client = login(world.user("outsider"))
    assert client.get(f"/organisations/{world.lksa_medan.pk}/").status_code == 200
    assert client.get(f"/organisations/{world.lksa.pk}/").status_code == 404


def test_out_of_region_record_gets_a_clear_translated_page(
    world: World, login: Callable[..., Client]
) -> None:
    client = login(world.user("supervisor"))
    english = client.get(f"/organisations/{world.dinsos_medan.pk}/").content.decode()
    assert "outside the region you are responsible for" in english
    indonesian = client.get(
        f"/organisations/{world.dinsos_medan.pk}/", HTTP_ACCEPT_LANGUAGE="id"
    ).content.decode()
    assert "di luar wilayah" in indonesian


def test_api_docs_are_served_from_our_own_static_files(world: World, login: Callable[..., Client]) -> None:
    body = login(world.user("viewer")).get("/api/v1/docs").content.decode()
    assert "/static/ninja/swagger-ui-bundle.js" in body and "cdn" not in body.lower()
