"""LKSA operators propose, Dinas Sosial verifies: nothing legal changes on the operator's word alone."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta

from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from pantau.audit.models import AuditEvent
from pantau.registry.models import ChangeRequest, Lksa, Registration
from pantau.registry.tests.conftest import RegistryWorld

PDF = b"%PDF-1.4\n%%EOF\n"


def test_operator_updates_contact_details_directly(
    registry: RegistryWorld, login: Callable[..., Client]
) -> None:
    client = login(registry.world.user("lksa_operator"))
    response = client.post(
        f"/registry/{registry.home.pk}/contact/",
        {
            "address": "Jl. Baru 5",
            "phone": "021555",
            "email": "",
            "children_count": "31",
            "version": str(registry.home.version),
        },
    )
    assert response.status_code == 302
    home = Lksa.objects.get(pk=registry.home.pk)
    # Occupancy drives the over-capacity rule, so it is proposed, not edited directly.
    assert (home.address, home.children_count, home.version) == ("Jl. Baru 5", 30, 2)
    assert AuditEvent.objects.filter(
        action="lksa.contact_updated", actor=registry.world.user("lksa_operator")
    ).exists()
    # ...but not another home's, and not the profile directly.
    assert client.get(f"/registry/{registry.medan.pk}/contact/").status_code == 404
    assert client.get(f"/registry/{registry.home.pk}/edit/").status_code == 403


def test_registration_proposed_then_approved(registry: RegistryWorld, login: Callable[..., Client]) -> None:
    operator = login(registry.world.user("lksa_operator"))
    today = date.today()  # noqa: DTZ011
    response = operator.post(
        f"/registry/{registry.home.pk}/propose/registration/",
        {
            "number": "36.03/TD/PROP/1",
            "issuer": "Dinas Sosial",
            "issued_on": (today - timedelta(days=3)).isoformat(),
            "valid_until": (today + timedelta(days=900)).isoformat(),
            "document": SimpleUploadedFile("td.pdf", PDF, content_type="application/pdf"),
        },
    )
    assert response.status_code == 302
    change = ChangeRequest.objects.get()
    assert change.status == "pending" and not Registration.objects.exists()  # nothing counts yet
    assert registry.home.legality_status == Lksa.objects.get(pk=registry.home.pk).legality_status
    # The operator cannot approve their own proposal.
    assert operator.post(f"/registry/changes/{change.pk}/approve/").status_code == 403
    # A Medan officer cannot see it; the Kabupaten Tangerang officer approves it.
    assert (
        login(registry.world.user("outsider"), Client()).get(f"/registry/changes/{change.pk}/").status_code
        == 404
    )
    officer = login(registry.world.user("supervisor"), Client())
    assert change.pk in [c.pk for c, _ in officer.get("/registry/changes/").context["rows"]]
    assert officer.post(f"/registry/changes/{change.pk}/approve/").status_code == 302
    change.refresh_from_db()
    registration = Registration.objects.get(lksa=registry.home)
    assert change.status == "approved" and change.decided_by == registry.world.user("supervisor")
    assert registration.number == "36.03/TD/PROP/1" and registration.document.name == change.document.name
    approved = AuditEvent.objects.get(action="lksa.change_approved")
    assert approved.changes["proposed_by"] == [None, registry.world.user("lksa_operator").email]
    # Deciding twice is refused without changing anything.
    officer.post(f"/registry/changes/{change.pk}/reject/", {"note": "late"})
    change.refresh_from_db()
    assert change.status == "approved"


def test_profile_proposal_rejected_with_reason(registry: RegistryWorld, login: Callable[..., Client]) -> None:
    operator = login(registry.world.user("lksa_operator"))
    operator.post(
        f"/registry/{registry.home.pk}/propose/profile/",
        {
            "name": "Nama Baru Panti",
            "region_code": registry.home.region_code,
            "capacity": "80",
            "is_active": "on",
            "version": str(registry.home.version),
        },
    )
    change = ChangeRequest.objects.get(kind="profile")
    officer = login(registry.world.user("supervisor"), Client())
    detail = officer.get(f"/registry/changes/{change.pk}/").content.decode()
    assert "Nama Baru Panti" in detail and "80" in detail
    assert officer.post(f"/registry/changes/{change.pk}/reject/", {"note": ""}).status_code == 400
    officer.post(
        f"/registry/changes/{change.pk}/reject/", {"note": "Kapasitas belum diverifikasi di lapangan"}
    )
    change.refresh_from_db()
    assert change.status == "rejected" and Lksa.objects.get(pk=registry.home.pk).name == registry.home.name
    seen = operator.get(f"/registry/changes/{change.pk}/").content.decode()
    assert "Kapasitas belum diverifikasi di lapangan" in seen


def test_approved_profile_change_is_applied(registry: RegistryWorld, login: Callable[..., Client]) -> None:
    operator = login(registry.world.user("lksa_operator"))
    operator.post(
        f"/registry/{registry.home.pk}/propose/profile/",
        {
            "name": "Nama Baru Panti",
            "region_code": registry.home.region_code,
            "capacity": "80",
            "is_active": "on",
            "version": str(registry.home.version),
        },
    )
    change = ChangeRequest.objects.get(kind="profile")
    login(registry.world.user("supervisor"), Client()).post(f"/registry/changes/{change.pk}/approve/")
    home = Lksa.objects.get(pk=registry.home.pk)
    assert (home.name, home.capacity, home.is_active, home.solicits_donations) == (
        "Nama Baru Panti",
        80,
        True,
        False,
    )


def test_stale_proposal_is_not_applied(registry: RegistryWorld, login: Callable[..., Client]) -> None:
    operator = login(registry.world.user("lksa_operator"))
    operator.post(
        f"/registry/{registry.home.pk}/propose/registration/", {"number": "DUP/9", "issued_on": "2025-01-01"}
    )
    Registration.objects.create(lksa=registry.medan, number="DUP/9", issued_on=date(2025, 1, 1))
    change = ChangeRequest.objects.get()
    officer = login(registry.world.user("supervisor"), Client())
    response = officer.post(f"/registry/changes/{change.pk}/approve/", follow=True)
    assert "It cannot be applied as it stands" in response.content.decode()
    change.refresh_from_db()
    assert change.status == "pending" and Registration.objects.filter(lksa=registry.home).count() == 0


def test_stale_profile_proposal_and_double_decisions_are_refused(
    registry: RegistryWorld, login: Callable[..., Client]
) -> None:
    operator = login(registry.world.user("lksa_operator"))
    operator.post(
        f"/registry/{registry.home.pk}/propose/profile/",
        {
            "name": registry.home.name,
            "region_code": registry.home.region_code,
            "capacity": "80",
            "is_active": "on",
            "version": str(registry.home.version),
        },
    )
    change = ChangeRequest.objects.get()
    # Meanwhile the officer marks the home as raising funds; the old proposal would silently undo that.
    Lksa.objects.filter(pk=registry.home.pk).update(
        solicits_donations=True, version=registry.home.version + 1
    )
    officer = login(registry.world.user("supervisor"), Client())
    response = officer.post(f"/registry/changes/{change.pk}/approve/", follow=True)
    assert "has changed since this was proposed" in response.content.decode()
    assert Lksa.objects.get(pk=registry.home.pk).solicits_donations is True
    officer.post(f"/registry/changes/{change.pk}/reject/", {"note": "Usulkan ulang"})
    officer.post(f"/registry/changes/{change.pk}/approve/")
    change.refresh_from_db()
    assert change.status == "rejected" and Lksa.objects.get(pk=registry.home.pk).capacity == 40


def test_files_only_ride_along_where_the_form_takes_a_document(
    registry: RegistryWorld, login: Callable[..., Client]
) -> None:
    operator = login(registry.world.user("lksa_operator"))
    html = SimpleUploadedFile("x.pdf", b"<html><script>alert(1)</script>", content_type="application/pdf")
    operator.post(
        f"/registry/{registry.home.pk}/propose/bank_account/",
        {
            "bank": "BRI",
            "number": "0001-2222-3333",
            "holder_name": "Yayasan X",
            "holder_kind": "foundation",
            "document": html,
        },
    )
    change = ChangeRequest.objects.get()
    assert not change.document
    login(registry.world.user("supervisor"), Client()).post(f"/registry/changes/{change.pk}/approve/")
    change.refresh_from_db()
    assert change.status == "approved" and registry.home.bank_accounts.count() == 1
