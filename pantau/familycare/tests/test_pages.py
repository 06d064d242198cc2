"""The family-care pages as each persona sees them: the owner office (supervisor, colleague), another
office (Medan: 404), roles without the work (403); exact values shown; refused forms keep what was
typed and save nothing; constant queries on the lists."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from pantau.audit.models import AuditEvent
from pantau.children.models import Child
from pantau.familycare.models import CareFile, Family, FamilyDocument, FileStep, Kind, RuleSet, Stage
from pantau.familycare.rules import current_rules
from pantau.familycare.services import file_open, step_record
from pantau.familycare.tests.conftest import APPLIED, CareWorld, make_child, make_family

pytestmark = pytest.mark.django_db

Login = Callable[..., Client]


def open_adoption(care: CareWorld) -> CareFile:
    return file_open(
        actor=care.world.user("supervisor"),
        family=care.family,
        child=care.child,
        kind=Kind.ADOPTION,
        opened_on=APPLIED,
        child_religion="islam",
    )


def writes() -> dict[str, int]:
    return {
        "files": CareFile.objects.count(),
        "steps": FileStep.objects.count(),
        "families": Family.objects.count(),
        "documents": FamilyDocument.objects.count(),
        "rules": RuleSet.objects.count(),
    }


# --- File list ------------------------------------------------------------------------------------


def test_file_list_shows_the_family_and_overdue_step_never_the_child(care: CareWorld, login: Login) -> None:
    file = open_adoption(care)
    assert file.due_on == APPLIED + timedelta(days=30)  # home visit 1: 30 days after the application
    client = login(care.world.user("colleague"))
    response = client.get("/family-care/")
    text = response.content.decode()
    assert response.status_code == 200
    assert file.number in text and file.number == f"ADO-{file.pk:06d}"
    assert "Budi Santoso &amp; Rina Wulandari" in text
    assert "Application received" in text
    assert "since 5 Jan 2026" in text
    assert "overdue since 4 Feb 2026" in text
    assert care.child.full_name not in text
    # Counts per state; the overdue filter keeps it, the closed one does not.
    counts = response.context["states"]
    assert [(value, count) for value, _label, count in counts] == [
        ("", 1),
        ("open", 1),
        ("due", 1),
        ("step_due", 1),
        ("visit_due", 0),
        ("overdue", 1),
        ("closed", 0),
    ]
    assert file.number in client.get("/family-care/?state=overdue").content.decode()
    assert file.number not in client.get("/family-care/?state=closed").content.decode()
    assert file.number not in client.get("/family-care/?kind=foster").content.decode()
    assert file.number in client.get("/family-care/?stage=applied&region=36.03").content.decode()
    assert file.number not in client.get("/family-care/?region=36.71").content.decode()


def test_file_list_in_indonesian_by_default(care: CareWorld, login: Login) -> None:
    open_adoption(care)
    client = login(care.world.user("supervisor"))
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "id"
    text = client.get("/family-care/").content.decode()
    assert "terlambat sejak 4 Feb 2026" in text


def test_file_list_costs_the_same_queries_for_one_file_or_thirty(care: CareWorld, login: Login) -> None:
    client = login(care.world.user("supervisor"))
    rules = current_rules(Kind.FOSTER, on=APPLIED)

    def add(n: int) -> None:
        for i in range(n):
            child = make_child(care.home, full_name=f"Anak {i}")
            family = make_family(care.world, documents=[], applicant_name=f"Pemohon {i}")
            CareFile.objects.create(
                kind=Kind.FOSTER,
                family=family,
                child=child,
                lksa=care.home,
                child_region_code=child.region_code,
                region_code=family.region_code,
                stage_on=APPLIED,
                opened_on=APPLIED,
                due_on=APPLIED,
                rules=rules,
                opened_by=care.world.user("supervisor"),
            )

    add(1)
    with CaptureQueriesContext(connection) as one:
        assert client.get("/family-care/").status_code == 200
    add(29)
    with CaptureQueriesContext(connection) as thirty:
        response = client.get("/family-care/")
    assert len(response.context["rows"]) == 30
    assert len(thirty) == len(one)


@pytest.mark.parametrize(
    ("persona", "status"), [("lksa_operator", 403), ("investigator", 403), ("system_admin", 403)]
)
def test_file_list_is_refused_to_roles_without_the_work(
    care: CareWorld, login: Login, persona: str, status: int
) -> None:
    assert login(care.world.user(persona)).get("/family-care/").status_code == status


def test_outsider_sees_no_tangerang_file(care: CareWorld, login: Login) -> None:
    file = open_adoption(care)
    client = login(care.world.user("outsider"))
    assert file.number not in client.get("/family-care/").content.decode()
    assert client.get(f"/family-care/files/{file.pk}/").status_code == 404
    assert client.get(f"/family-care/families/{care.family.pk}/").status_code == 404
    before = writes()
    response = client.post(
        f"/family-care/files/{file.pk}/step/",
        {
            "stage": "home_visit_1",
            "version": 1,
            "done_on": "2026-02-02",
            "document_number": "X",
            "issued_by": "Y",
        },
    )
    assert response.status_code == 404
    assert writes() == before


# --- File detail ----------------------------------------------------------------------------------


def test_file_detail_shows_the_file_and_audits_the_read(care: CareWorld, login: Login) -> None:
    file = open_adoption(care)
    supervisor = care.world.user("supervisor")
    response = login(supervisor).get(f"/family-care/files/{file.pk}/")
    text = response.content.decode()
    assert response.status_code == 200
    assert AuditEvent.objects.filter(action="familycare.file_viewed", actor=supervisor).count() == 1
    assert f'href="/children/{care.child.pk}/"' in text and care.child.full_name in text
    assert "holds the Minister's licence for adoption" in text
    assert "Application received" in text and "overdue since 4 Feb 2026" in text
    assert "Record the next step: Home visit 1 and social report" in text
    checks = {row["label"]: row for row in response.context["checks"]}
    age = checks["Age of the applicant"]
    assert (age["status_label"], age["detail"]) == (
        "Met",
        "39 years old on 5 Jan 2026; the rules allow 30 to 55.",
    )
    assert str(age["verified"]) in text
    assert checks["Religion"]["detail"] == "The same religion as the child."
    form = response.context["step_form"]
    assert form.fields["document_number"].label == "Report number"
    assert form.fields["issued_by"].label == "Social worker (name)"
    assert "outcome" not in form.fields


def test_child_is_a_record_number_for_a_reader_who_may_not_see_the_child(
    care: CareWorld, login: Login
) -> None:
    """The home's child moved under Medan's supervision: the Tangerang family's office still works the
    file but no longer sees the child's record."""
    file = open_adoption(care)
    Child.objects.filter(pk=care.child.pk).update(region_code="12.71.02")
    text = login(care.world.user("supervisor")).get(f"/family-care/files/{file.pk}/").content.decode()
    assert f"record #{care.child.pk}" in text
    assert care.child.full_name not in text


def test_recording_the_next_step_from_the_page(care: CareWorld, login: Login) -> None:
    file = open_adoption(care)
    client = login(care.world.user("colleague"))
    data = {
        "stage": "home_visit_1",
        "version": file.version,
        "done_on": "2026-02-02",
        "document_number": "LAP/01/2026",
        "issued_by": "Sari, Peksos",
        "notes": "",
    }
    response = client.post(f"/family-care/files/{file.pk}/step/", data)
    assert response.status_code == 302
    file.refresh_from_db()
    assert (file.stage, file.stage_on) == (Stage.HOME_VISIT_1, date(2026, 2, 2))
    step = FileStep.objects.get(file=file, stage=Stage.HOME_VISIT_1)
    assert (step.document_number, step.issued_by, step.rules.version) == ("LAP/01/2026", "Sari, Peksos", 1)
    text = client.get(f"/family-care/files/{file.pk}/").content.decode()
    assert "LAP/01/2026" in text and "Home visit 1 and social report" in text
    assert "Temporary care permit number" in text  # the next step's document label


def test_a_refused_step_keeps_the_values_and_saves_nothing(care: CareWorld, login: Login) -> None:
    file = open_adoption(care)
    client = login(care.world.user("supervisor"))
    before = writes()
    data = {"stage": "home_visit_1", "version": file.version, "done_on": "2026-01-01", "issued_by": "Sari"}
    response = client.post(f"/family-care/files/{file.pk}/step/", data)
    assert response.status_code == 400
    form = response.context["step_form"]
    assert form.errors["done_on"] == ["Dates out of order: the step before was on 5 Jan 2026."]
    assert response.context["open_form"] == "step_form"
    assert 'value="Sari"' in response.content.decode()
    data = {**data, "done_on": "2026-02-02"}
    response = client.post(f"/family-care/files/{file.pk}/step/", data)
    assert response.status_code == 400
    assert response.context["step_form"].errors["document_number"] == ["Give the report number."]
    assert writes() == before
    assert CareFile.objects.get(pk=file.pk).stage == Stage.APPLIED


def test_a_stale_step_is_refused(care: CareWorld, login: Login) -> None:
    file = open_adoption(care)
    client = login(care.world.user("supervisor"))
    data = {
        "stage": "home_visit_1",
        "version": file.version - 1,
        "done_on": "2026-02-02",
        "document_number": "LAP/1",
        "issued_by": "Sari",
    }
    before = writes()
    response = client.post(f"/family-care/files/{file.pk}/step/", data)
    assert response.status_code == 409
    assert "Someone else recorded a step" in response.content.decode()
    assert writes() == before


def test_closing_a_file_needs_a_reason(care: CareWorld, login: Login) -> None:
    file = open_adoption(care)
    client = login(care.world.user("supervisor"))
    response = client.post(
        f"/family-care/files/{file.pk}/close/",
        {"outcome": "withdrawn", "on": "2026-01-01", "reason": "Pindah"},
    )
    assert response.status_code == 400
    assert response.context["close_form"].errors["on"] == [
        "Dates out of order: the step before was on 5 Jan 2026."
    ]
    assert CareFile.objects.get(pk=file.pk).closed_on is None
    response = client.post(
        f"/family-care/files/{file.pk}/close/",
        {"outcome": "withdrawn", "on": "2026-02-01", "reason": "Pindah"},
    )
    assert response.status_code == 302
    file.refresh_from_db()
    assert (file.stage, file.closed_on, file.close_reason) == (Stage.WITHDRAWN, date(2026, 2, 1), "Pindah")
    text = client.get(f"/family-care/files/{file.pk}/").content.decode()
    assert "None: the file is closed or complete." in text
    assert 'data-testid="step-form"' not in text


def test_trial_care_end_date_is_shown(care: CareWorld, login: Login) -> None:
    file = open_adoption(care)
    actor = care.world.user("supervisor")
    for stage, on in ((Stage.HOME_VISIT_1, date(2026, 2, 2)), (Stage.TRIAL_CARE, date(2026, 3, 2))):
        step_record(
            actor=actor, file=file, stage=stage, done_on=on, data={"document_number": "D", "issued_by": "I"}
        )
    response = login(actor).get(f"/family-care/files/{file.pk}/")
    assert response.context["trial_ends"] == date(2026, 9, 2)
    assert "2 Sep 2026" in response.content.decode()


def test_red_flags_raise_a_warning_linked_to_its_concern(care: CareWorld, login: Login) -> None:
    file = open_adoption(care)
    client = login(care.world.user("supervisor"))
    response = client.post(
        f"/family-care/files/{file.pk}/red-flags/",
        {"intermediary_name": "Pak X", "money_paid": "5000000", "money_paid_to": ""},
    )
    assert response.status_code == 400
    assert response.context["red_flags_form"].errors["money_paid_to"] == ["Say to whom the money was paid."]
    assert CareFile.objects.get(pk=file.pk).money_paid is None
    response = client.post(
        f"/family-care/files/{file.pk}/red-flags/",
        {"intermediary_name": "Pak X", "money_paid": "5000000", "money_paid_to": "Pak X"},
    )
    assert response.status_code == 302
    text = client.get(f"/family-care/files/{file.pk}/").content.decode()
    # The warning raised is told by name (the flash message), not by its code.
    assert "money_paid" not in text.split("Red flags and early warnings")[0]
    assert "Money recorded as paid to a home or intermediary" in text
    assert "Rp5,000,000 → Pak X" in text  # English grouping; Indonesian below
    assert "/triage/" in text  # the supervisor triages concerns: linked
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "id"
    assert "Rp5.000.000 → Pak X" in client.get(f"/family-care/files/{file.pk}/").content.decode()


def test_a_viewer_gets_no_family_care(care: CareWorld, login: Login) -> None:
    """A Dinas Sosial viewer reads the figures, not the files."""
    file = open_adoption(care)
    assert login(care.world.user("viewer")).get(f"/family-care/files/{file.pk}/").status_code == 403


# --- Families -------------------------------------------------------------------------------------


def family_data(**extra: Any) -> dict[str, Any]:
    return {
        "applicant_name": "Ahmad Fauzi",
        "applicant_sex": "L",
        "applicant_birth_date": "1984-03-01",
        "applicant_religion": "islam",
        "applicant_citizenship": "wni",
        "marital_status": "married",
        "married_on": "2010-06-01",
        "spouse_name": "Siti Aminah",
        "spouse_sex": "P",
        "spouse_birth_date": "1986-04-02",
        "spouse_religion": "islam",
        "spouse_citizenship": "wni",
        "children_count": "0",
        "adoptions_before": "0",
        "monthly_income": "8000000",
        "address": "Jl. Kenanga 1",
        "phone": "0812 3456 7890",
        "region": "Tigaraksa",
        **extra,
    }


def test_registering_a_family(care: CareWorld, login: Login) -> None:
    client = login(care.world.user("supervisor"))
    assert client.get("/family-care/families/new/").status_code == 200
    response = client.post("/family-care/families/new/", family_data())
    family = Family.objects.get(applicant_name="Ahmad Fauzi")
    assert response.status_code == 302 and response["Location"] == f"/family-care/families/{family.pk}/"
    assert (family.region_code, family.phone_digits) == ("36.03.03", "081234567890")


@pytest.mark.parametrize(
    ("extra", "field", "message"),
    [
        ({"region": "Kota Medan"}, "region", "Choose a place in your office's area."),
        ({"spouse_name": ""}, "spouse_name", "A married couple applies together: give the spouse's details."),
        ({"married_on": "1980-01-01"}, "married_on", "The marriage date is before the applicant's birth."),
        ({"applicant_birth_date": "2099-01-01"}, "applicant_birth_date", "The date cannot be in the future."),
    ],
)
def test_a_refused_family_is_not_saved(
    care: CareWorld, login: Login, extra: dict[str, str], field: str, message: str
) -> None:
    client = login(care.world.user("supervisor"))
    before = writes()
    response = client.post("/family-care/families/new/", family_data(**extra))
    assert response.status_code == 400
    assert response.context["form"].errors[field] == [message]
    assert 'value="Ahmad Fauzi"' in response.content.decode()
    assert writes() == before


def test_family_list_searches_by_name_kept_off_the_address(care: CareWorld, login: Login) -> None:
    make_family(care.world, documents=[], applicant_name="Dewi Lestari", spouse_name="Agus")
    client = login(care.world.user("supervisor"))
    response = client.post("/family-care/families/", {"q": "dewi"})
    assert response.status_code == 302 and "dewi" not in response["Location"].lower()
    text = client.get(response["Location"]).content.decode()
    assert "Dewi Lestari &amp; Agus" in text and "Budi Santoso" not in text
    assert "Budi Santoso" in client.get("/family-care/families/?region=36.03").content.decode()
    assert login(care.world.user("outsider")).get("/family-care/families/").context["page"].object_list == []


def test_family_list_costs_the_same_queries_for_one_family_or_thirty(care: CareWorld, login: Login) -> None:
    client = login(care.world.user("supervisor"))
    with CaptureQueriesContext(connection) as one:
        client.get("/family-care/families/")
    for i in range(29):
        make_family(care.world, documents=[], applicant_name=f"Pemohon {i}")
    with CaptureQueriesContext(connection) as thirty:
        response = client.get("/family-care/families/")
    assert len(response.context["page"].object_list) == 30
    assert len(thirty) == len(one)


def test_family_detail_shows_eligibility_per_kind_and_audits(care: CareWorld, login: Login) -> None:
    supervisor = care.world.user("supervisor")
    FamilyDocument.objects.filter(family=care.family, kind="skck").delete()
    response = login(supervisor).get(f"/family-care/families/{care.family.pk}/")
    text = response.content.decode()
    assert response.status_code == 200
    assert AuditEvent.objects.filter(action="familycare.family_viewed", actor=supervisor).count() == 1
    adoption = next(row for row in response.context["eligibility"] if row["kind"] == "adoption")
    skck = next(c for c in adoption["checks"] if c["label"] == "Police clearance (SKCK)")
    assert (skck["status_label"], skck["detail"]) == ("Missing", "Not on record.")
    assert "Religion" not in [c["label"] for c in adoption["checks"]]
    assert [row["kind"] for row in response.context["eligibility"]] == ["adoption", "foster", "kinship"]
    assert "number on record" not in text  # the fixture's documents carry no number


def test_adding_a_document_never_shows_its_number(care: CareWorld, login: Login) -> None:
    client = login(care.world.user("supervisor"))
    url = f"/family-care/families/{care.family.pk}/document/"
    before = writes()
    response = client.post(url, {"kind": "skck", "issued_on": "2026-03-01", "valid_until": "2026-02-01"})
    assert response.status_code == 400
    assert writes() == before
    response = client.post(url, {"kind": "skck", "issued_on": "2026-03-01", "number": "SKCK/123/2026"})
    assert response.status_code == 302
    text = client.get(f"/family-care/families/{care.family.pk}/").content.decode()
    assert "number on record" in text and "SKCK/123/2026" not in text


def test_opening_a_file_by_record_number_and_by_name(care: CareWorld, login: Login) -> None:
    client = login(care.world.user("supervisor"))
    url = f"/family-care/families/{care.family.pk}/open/"
    data = {"kind": "adoption", "opened_on": APPLIED.isoformat(), "child_religion": "islam"}
    response = client.post(url, {**data, "child": f"#{care.child.pk}"})
    file = CareFile.objects.get(child=care.child)
    assert response.status_code == 302 and response["Location"] == f"/family-care/files/{file.pk}/"
    # The same child again: refused on the child field, nothing saved.
    before = writes()
    other = make_family(care.world, applicant_name="Keluarga Lain")
    before = writes()
    response = client.post(f"/family-care/families/{other.pk}/open/", {**data, "child": "Anak Uji"})
    assert response.status_code == 400
    assert response.context["open_file_form"].errors["child"] == [
        "This child already has an open file: one family at a time."
    ]
    assert writes() == before


def test_opening_a_file_with_a_name_several_children_share(care: CareWorld, login: Login) -> None:
    twin = make_child(care.home, full_name="Anak Uji Dua")
    client = login(care.world.user("supervisor"))
    response = client.post(
        f"/family-care/families/{care.family.pk}/open/",
        {"kind": "foster", "opened_on": APPLIED.isoformat(), "child": "anak uji", "child_religion": "islam"},
    )
    assert response.status_code == 400
    text = response.content.decode()
    assert f"#{twin.pk}" in text and f"#{care.child.pk}" in text
    assert CareFile.objects.count() == 0


def test_an_ineligible_family_is_refused_with_the_rule(care: CareWorld, login: Login) -> None:
    client = login(care.world.user("supervisor"))
    response = client.post(
        f"/family-care/families/{care.family.pk}/open/",
        {
            "kind": "adoption",
            "opened_on": APPLIED.isoformat(),
            "child": f"#{care.child.pk}",
            "child_religion": "catholic",
        },
    )
    assert response.status_code == 400
    assert "Religion: Not the same religion as the child." in response.content.decode()
    assert CareFile.objects.count() == 0


def test_guardianship_needs_its_court_order(care: CareWorld, login: Login) -> None:
    client = login(care.world.user("supervisor"))
    response = client.post(
        f"/family-care/families/{care.family.pk}/open/",
        {"kind": "guardianship", "opened_on": APPLIED.isoformat(), "child": f"#{care.child.pk}"},
    )
    assert response.status_code == 400
    assert response.context["open_file_form"].errors["court_order_number"] == [
        "A guardianship is recorded with its court order."
    ]
    assert CareFile.objects.count() == 0


# --- Rules ----------------------------------------------------------------------------------------


def test_rules_page_for_officers_and_the_administrator(care: CareWorld, login: Login) -> None:
    response = login(care.world.user("supervisor")).get("/family-care/rules/")
    text = response.content.decode()
    assert response.status_code == 200
    adoption = next(row for row in response.context["kinds"] if row["kind"] == "adoption")
    params = dict(adoption["params"])
    assert params["Minimum age of an applicant"] == "30"
    assert params["Trial care, months at least"] == "6"
    assert params["Days to reach “Home visit 1 and social report”"] == "30 days"
    assert "Police clearance (SKCK)" in params["Required documents"]
    assert "Version 1 in force" in text
    assert "PP 54/2007 Pasal 1 angka 5" in text and "article checked against the text" in text
    assert "Publish a new version" not in text
    assert login(care.world.user("system_admin")).get("/family-care/rules/").status_code == 200
    assert login(care.world.user("lksa_operator")).get("/family-care/rules/").status_code == 403


def test_publishing_a_new_version(care: CareWorld, login: Login) -> None:
    admin = care.world.user("system_admin")
    client = login(admin)
    assert login(care.world.user("supervisor")).get("/family-care/rules/adoption/new/").status_code == 403
    client = login(admin)
    form = client.get("/family-care/rules/adoption/new/").context["form"]
    assert form["min_age"].value() == 30 and "skck" in form["required_documents"].value()
    data = {
        "valid_from": "2026-12-01",
        "min_age": "30",
        "max_age": "54",
        "min_marriage_years": "5",
        "max_existing_children": "1",
        "max_adoptions": "2",
        "min_years_between_adoptions": "2",
        "trial_months": "6",
        "required_documents": ["ktp", "kk", "skck"],
        "deadline_home_visit_1": "21",
        "note": "",
    }
    before = writes()
    response = client.post("/family-care/rules/adoption/new/", data)
    assert response.status_code == 400 and writes() == before
    response = client.post("/family-care/rules/adoption/new/", {**data, "max_age": "20", "note": "Uji"})
    assert response.status_code == 400
    assert response.context["form"].errors["max_age"] == ["The maximum age is below the minimum."]
    assert writes() == before
    response = client.post("/family-care/rules/adoption/new/", {**data, "note": "Permensos X/2026 Pasal 7"})
    assert response.status_code == 302
    rules = RuleSet.objects.get(kind="adoption", version=2)
    assert rules.params["max_age"] == 54
    assert rules.params["required_documents"] == ["ktp", "kk", "skck"]
    assert rules.params["deadlines"] == {"home_visit_1": 21}
    assert rules.created_by == admin
    assert client.get("/family-care/rules/foster/new/").status_code == 200
    assert client.get("/family-care/rules/nothing/new/").status_code == 404


def test_monitoring_visits_of_a_foster_placement(care: CareWorld, login: Login) -> None:
    for kind in ("non_violence", "domicile"):
        FamilyDocument.objects.create(
            family=care.family,
            kind=kind,
            issued_on=date(2025, 12, 1),
            checked_by=care.world.user("supervisor"),
        )
    actor = care.world.user("supervisor")
    file = file_open(
        actor=actor,
        family=care.family,
        child=care.child,
        kind=Kind.FOSTER,
        opened_on=APPLIED,
        child_religion="islam",
    )
    for stage, on in (
        (Stage.ASSESSED, date(2026, 1, 20)),
        (Stage.TRAINED, date(2026, 2, 20)),
        (Stage.MATCHED, date(2026, 3, 1)),
        (Stage.PLACED, date(2026, 3, 10)),
    ):
        step_record(
            actor=actor, file=file, stage=stage, done_on=on, data={"document_number": "D", "issued_by": "I"}
        )
    client = login(actor)
    text = client.get(f"/family-care/files/{file.pk}/").content.decode()
    assert 'data-testid="visit-form"' in text
    assert "overdue since 8 Jun 2026" in text  # 90 days after the placement
    url = f"/family-care/files/{file.pk}/visit/"
    response = client.post(url, {"visited_on": "2026-03-01", "by": "Sari", "finding": "well"})
    assert response.status_code == 400
    assert response.context["visit_form"].errors["visited_on"] == [
        "The visit cannot be before the placement began."
    ]
    assert file.visits.count() == 0
    response = client.post(url, {"visited_on": "2026-06-01", "by": "Sari, Peksos", "finding": "well"})
    assert response.status_code == 302
    file.refresh_from_db()
    assert file.next_visit_on == date(2026, 8, 30)
    assert "Sari, Peksos" in client.get(f"/family-care/files/{file.pk}/").content.decode()


def test_a_step_the_family_is_not_ready_for_says_why_at_the_top(care: CareWorld, login: Login) -> None:
    file = open_adoption(care)
    FamilyDocument.objects.filter(family=care.family, kind="skck").delete()
    client = login(care.world.user("supervisor"))
    data = {
        "stage": "home_visit_1",
        "version": file.version,
        "done_on": "2026-02-02",
        "document_number": "LAP/1",
        "issued_by": "Sari",
    }
    response = client.post(f"/family-care/files/{file.pk}/step/", data)
    assert response.status_code == 400
    assert response.context["step_form"].non_field_errors() == [
        "The family does not yet meet every rule (version 1):",
        "Police clearance (SKCK): Not on record.",
    ]
    assert "Hidden field" not in response.content.decode()
    assert CareFile.objects.get(pk=file.pk).stage == Stage.APPLIED


def test_no_two_elements_share_an_id_on_the_family_and_file_pages(care: CareWorld, login: Login) -> None:
    """Several forms on one page: a repeated id sends a label (and a screen reader) to the wrong field."""
    import re
    from collections import Counter

    file = open_adoption(care)
    client = login(care.world.user("supervisor"))
    for url in (f"/family-care/families/{care.family.pk}/", f"/family-care/files/{file.pk}/"):
        ids = Counter(re.findall(r'\sid="([^"]+)"', client.get(url).content.decode()))
        assert [name for name, n in ids.items() if n > 1] == [], url
