from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from pantau.accounts.models import Organisation
from pantau.accounts.roles import OrgKind
from pantau.audit.models import AuditEvent
from pantau.registry.models import Lksa, Registration
from pantau.registry.tests.conftest import RegistryWorld, make_lksa

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def test_dinsos_supervisor_registers_an_lksa(registry: RegistryWorld, login: Callable[..., Client]) -> None:
    client = login(registry.world.user("supervisor"))
    response = client.post(
        "/registry/new/",
        {
            "name": "Panti Asuhan Baru",
            "region_code": "3603032001",
            "capacity": "30",
            "children_count": "12",
            "is_active": "on",
        },
    )
    assert response.status_code == 302
    lksa = Lksa.objects.get(name="Panti Asuhan Baru")
    assert lksa.region_code == "36.03.03.2001" and lksa.organisation.kind == OrgKind.LKSA
    assert lksa.legality_status == "not_registered" and lksa.legality_reasons
    event = AuditEvent.objects.get(action="lksa.registered")
    assert event.target_region_code == "36.03.03.2001"
    assert (event.target_type, event.target_id) == ("registry.lksa", str(lksa.pk))
    history = client.get(f"/registry/{lksa.pk}/").context["history"]
    assert [e.action for e in history] == ["lksa.registered"]


def test_civil_society_has_no_registry_access(registry: RegistryWorld, login: Callable[..., Client]) -> None:
    from pantau.accounts.roles import OrgKind, Role
    from pantau.conftest import make_user

    cso = Organisation.objects.create(name="LPAI", kind=OrgKind.CSO)
    viewer = login(make_user("staf@lpai.test.id", cso, Role.VIEWER))
    assert viewer.get("/registry/").status_code == 403
    assert viewer.get(f"/registry/{registry.home.pk}/").status_code == 403


def test_cannot_register_outside_jurisdiction_or_as_kpai(
    registry: RegistryWorld, login: Callable[..., Client]
) -> None:
    client = login(registry.world.user("supervisor"))
    response = client.post("/registry/new/", {"name": "X", "region_code": "12.71.02", "is_active": "on"})
    assert response.status_code == 400 and "outside your jurisdiction" in response.content.decode()
    from pantau.accounts.roles import Role
    from pantau.conftest import make_user

    kpai_supervisor = make_user("pengawas@kpai.test.id", registry.world.kpai, Role.SUPERVISOR)
    assert login(kpai_supervisor).get("/registry/new/").status_code == 403
    assert not Lksa.objects.filter(name="X").exists()


def test_adding_records_updates_legality(registry: RegistryWorld, login: Callable[..., Client]) -> None:
    client = login(registry.world.user("supervisor"))
    home = registry.home
    today = date.today()  # noqa: DTZ011
    response = client.post(
        f"/registry/{home.pk}/records/registration/new/",
        {
            "number": "36.03/TD/001",
            "issuer": "Dinas Sosial Kab. Tangerang",
            "issued_on": (today - timedelta(days=10)).isoformat(),
            "valid_until": (today + timedelta(days=1000)).isoformat(),
            "document": SimpleUploadedFile("td.pdf", PDF, content_type="application/pdf"),
        },
    )
    assert response.status_code == 302
    home.refresh_from_db()
    assert home.legality_status == "attention"
    assert "registration_missing" not in {r["code"] for r in home.legality_reasons}
    # The document is served to those who may see the home, and the opening is audited.
    record = Registration.objects.get(lksa=home)
    document = client.get(f"/registry/{home.pk}/records/registration/{record.pk}/document/")
    assert document.status_code == 200 and document["Content-Type"] == "application/pdf"
    assert b"".join(document.streaming_content).startswith(b"%PDF")  # type: ignore[attr-defined]
    assert AuditEvent.objects.filter(action="lksa.document_viewed").exists()
    detail = client.get(f"/api/v1/registry/lksa/{home.pk}").json()
    assert detail["registrations"][0]["has_document"] is True
    by_api = client.get(f"/api/v1/registry/lksa/{home.pk}/documents/registration/{record.pk}")
    assert by_api.status_code == 200 and b"".join(by_api.streaming_content).startswith(b"%PDF")  # type: ignore[attr-defined]
    outsider = login(registry.world.user("outsider"), Client())
    assert outsider.get(f"/registry/{home.pk}/records/registration/{record.pk}/document/").status_code == 404


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (
            {"issued_on": "2025-05-01", "valid_until": "2025-04-01"},
            "The end date must be after the issue date.",
        ),
        ({"issued_on": "2099-01-01", "valid_until": "2100-01-01"}, "The issue date cannot be in the future."),
    ],
)
def test_bad_dates_are_refused(
    registry: RegistryWorld, login: Callable[..., Client], data: dict, message: str
) -> None:
    client = login(registry.world.user("supervisor"))
    response = client.post(
        f"/registry/{registry.home.pk}/records/registration/new/", {"number": "N1", **data}
    )
    assert response.status_code == 400 and message in response.content.decode()
    assert not Registration.objects.exists()


def test_duplicate_registration_number_and_disguised_executable(
    registry: RegistryWorld, login: Callable[..., Client]
) -> None:
    Registration.objects.create(lksa=registry.medan, number="DUP/1", issued_on=date(2025, 1, 1))
    client = login(registry.world.user("supervisor"))
    url = f"/registry/{registry.home.pk}/records/registration/new/"
    duplicate = client.post(url, {"number": "DUP/1", "issued_on": "2025-02-01"})
    assert duplicate.status_code == 400
    exe = SimpleUploadedFile("izin.pdf", b"MZ\x90\x00\x03" + b"\x00" * 100, content_type="application/pdf")
    disguised = client.post(url, {"number": "OK/2", "issued_on": "2025-02-01", "document": exe})
    assert disguised.status_code == 400 and "whatever its name says" in disguised.content.decode()
    assert Registration.objects.count() == 1


def test_oversized_upload_is_refused(registry: RegistryWorld, login: Callable[..., Client], settings) -> None:  # type: ignore[no-untyped-def]
    settings.PANTAU_UPLOAD_MAX_MB = 1
    big = SimpleUploadedFile("big.pdf", PDF + b"0" * (1024 * 1024 + 1), content_type="application/pdf")
    client = login(registry.world.user("supervisor"))
    response = client.post(
        f"/registry/{registry.home.pk}/records/registration/new/",
        {"number": "BIG/1", "issued_on": "2025-02-01", "document": big},
    )
    assert response.status_code == 400 and "the limit is 1 MB" in response.content.decode()


def test_concurrent_edits_do_not_overwrite_each_other(
    registry: RegistryWorld, login: Callable[..., Client]
) -> None:
    home = registry.home
    first, second = (
        login(registry.world.user("supervisor")),
        login(registry.world.user("colleague"), Client()),
    )
    base = {
        "region_code": home.region_code,
        "capacity": "40",
        "children_count": "30",
        "is_active": "on",
        "version": str(home.version),
    }
    assert first.post(f"/registry/{home.pk}/edit/", {**base, "name": "Nama Pertama"}).status_code == 302
    stale = second.post(f"/registry/{home.pk}/edit/", {**base, "name": "Nama Kedua"})
    assert stale.status_code == 409 and "Someone else saved this record" in stale.content.decode()
    home.refresh_from_db()
    assert home.name == "Nama Pertama" and home.version == 2
    assert Organisation.objects.get(pk=home.organisation_id).name == "Nama Pertama"


def test_scoping_of_the_registry(registry: RegistryWorld, login: Callable[..., Client]) -> None:
    world = registry.world
    operator = login(world.user("lksa_operator"))
    names = [lksa.name for lksa in operator.get("/registry/").context["page"]]
    assert names == [registry.home.name]
    assert operator.get(f"/registry/{registry.medan.pk}/").status_code == 404
    assert operator.get(f"/registry/{registry.home.pk}/").status_code == 200
    assert operator.get(f"/registry/{registry.home.pk}/edit/").status_code == 403
    officer = login(world.user("supervisor"), Client())
    assert officer.get(f"/registry/{registry.medan.pk}/").status_code == 404
    national = login(world.user("system_admin"), Client())
    assert {lksa["name"] for lksa in national.get("/api/v1/registry/lksa").json()["items"]} == {
        registry.home.name,
        registry.medan.name,
    }
    assert officer.get(f"/api/v1/registry/lksa/{registry.medan.pk}").status_code == 404


def test_list_filters_and_constant_queries(registry: RegistryWorld, login: Callable[..., Client]) -> None:
    client = login(registry.world.user("system_admin"))
    Lksa.objects.filter(pk=registry.home.pk).update(children_count=99)
    over = client.get("/registry/", {"over_capacity": "on"}).context["page"]
    assert [lksa.pk for lksa in over] == [registry.home.pk]

    def count() -> int:
        with CaptureQueriesContext(connection) as ctx:
            assert client.get("/registry/", {"status": "not_registered"}).status_code == 200
        return len(ctx.captured_queries)

    before = count()
    for i in range(20):
        organisation = Organisation.objects.create(
            name=f"LKSA {i}", kind=OrgKind.LKSA, region_id="36.03.03.2001"
        )
        make_lksa(organisation)
    assert count() == before
