"""A legal entity's deed (akta) and Kemenkumham decree (SK AHU) cannot be dated in the future (issue 15 §6):
refused in the record form, the operator's proposal, the import and the model itself."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.utils import timezone

from pantau.registry.models import LegalEntity, Lksa
from pantau.registry.tests.conftest import RegistryWorld
from pantau.registry.tests.test_import_export import GOOD, upload, xlsx

pytestmark = pytest.mark.django_db

DEED = "The deed date cannot be in the future."
DECREE = "The AHU decree date cannot be in the future."
DEED_ID = "Tanggal akta tidak boleh di masa depan."
DECREE_ID = "Tanggal SK AHU tidak boleh di masa depan."


def _entity(**dates: str) -> dict[str, str]:
    return {
        "form": "yayasan",
        "name": "Yayasan Kasih",
        "deed_number": "12",
        "deed_date": "2010-01-05",
        **dates,
    }


def test_the_record_form_refuses_future_deed_and_decree_dates(
    registry: RegistryWorld, login: Callable[..., Client]
) -> None:
    client = login(registry.world.user("supervisor"))
    tomorrow = (timezone.localdate() + timedelta(days=1)).isoformat()
    url = f"/registry/{registry.home.pk}/records/legal_entity/new/"
    response = client.post(url, _entity(deed_date=tomorrow, ahu_number="AHU-1", ahu_date=tomorrow))
    body = response.content.decode()
    assert response.status_code == 400 and DEED in body and DECREE in body  # both at once
    assert not LegalEntity.objects.exists()
    today = timezone.localdate().isoformat()
    assert client.post(url, _entity(deed_date=today, ahu_number="AHU-1", ahu_date=today)).status_code == 302
    assert LegalEntity.objects.get().ahu_date == timezone.localdate()


def test_the_form_says_it_in_indonesian(registry: RegistryWorld, login: Callable[..., Client]) -> None:
    """Passes once the lead has merged the pending translations (/tmp/po-pending/public.po)."""
    client = login(registry.world.user("supervisor"))
    tomorrow = (timezone.localdate() + timedelta(days=1)).isoformat()
    response = client.post(
        f"/registry/{registry.home.pk}/records/legal_entity/new/",
        _entity(deed_date=tomorrow),
        HTTP_ACCEPT_LANGUAGE="id",
    )
    assert response.status_code == 400 and DEED_ID in response.content.decode()


def test_an_operators_proposal_with_a_future_deed_is_refused(
    registry: RegistryWorld, login: Callable[..., Client]
) -> None:
    client = login(registry.world.user("lksa_operator"))
    tomorrow = (timezone.localdate() + timedelta(days=1)).isoformat()
    response = client.post(f"/registry/{registry.home.pk}/propose/legal_entity/", _entity(deed_date=tomorrow))
    assert response.status_code == 400 and DEED in response.content.decode()


def test_the_model_refuses_them_whatever_the_entry_point() -> None:
    tomorrow = timezone.localdate() + timedelta(days=1)
    entity = LegalEntity(form="yayasan", name="X", deed_number="1", deed_date=tomorrow, ahu_date=tomorrow)
    with pytest.raises(ValidationError) as refused:
        entity.clean()
    assert {k: [str(m) for m in v] for k, v in refused.value.message_dict.items()} == {
        "deed_date": [DEED],
        "ahu_date": [DECREE],
    }


def test_the_import_refuses_future_deed_and_decree_dates(
    registry: RegistryWorld, login: Callable[..., Client]
) -> None:
    client = login(registry.world.user("supervisor"))
    tomorrow = (timezone.localdate() + timedelta(days=1)).isoformat()
    row = dict(GOOD[0], tanggal_akta=tomorrow, tanggal_sk_ahu=tomorrow)
    job = upload(client, xlsx([row]))
    assert job.status == "failed" and not Lksa.objects.filter(name__contains="Impor").exists()
    found = {(e["row"], e["column"]): e["message"] for e in job.errors}
    assert found[(2, "tanggal_akta")] in (DEED, DEED_ID)
    assert found[(2, "tanggal_sk_ahu")] in (DECREE, DECREE_ID)
    assert len(found) == 2
