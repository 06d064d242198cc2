"""The home's history ("Riwayat", issue 15 §6): whole entries, by the person's name and office."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.test import Client

from pantau.registry.models import BankAccount, SocialAccount
from pantau.registry.services import record_add, record_remove
from pantau.registry.tests.conftest import RegistryWorld

pytestmark = pytest.mark.django_db


def test_history_shows_whole_entries_with_names_not_addresses(
    registry: RegistryWorld, login: Callable[..., Client]
) -> None:
    supervisor = registry.world.user("supervisor")
    supervisor.full_name = "Siti Rahmawati"
    supervisor.save(update_fields=["full_name"])
    record_add(
        actor=supervisor,
        lksa=registry.home,
        record=BankAccount(
            bank="BRI", number="0123-01-000222-50-1", holder_name="Yayasan X", holder_kind="foundation"
        ),
    )
    social = record_add(
        actor=supervisor, lksa=registry.home, record=SocialAccount(platform="tiktok", handle="@panti.kasih")
    )
    record_remove(actor=supervisor, lksa=registry.home, record=social)
    page = login(registry.world.user("viewer")).get(f"/registry/{registry.home.pk}/")
    entries = [(e.action, e.who, e.organisation, e.detail) for e in page.context["history"]]
    assert entries == [
        ("lksa.record_removed", "Siti Rahmawati", "Dinas Sosial Kabupaten Tangerang", "TikTok @panti.kasih"),
        ("lksa.record_added", "Siti Rahmawati", "Dinas Sosial Kabupaten Tangerang", "TikTok @panti.kasih"),
        (
            "lksa.record_added",
            "Siti Rahmawati",
            "Dinas Sosial Kabupaten Tangerang",
            "BRI 0123-01-000222-50-1",
        ),
    ]
    body = page.content.decode()
    assert "Siti Rahmawati (Dinas Sosial Kabupaten Tangerang): BRI 0123-01-000222-50-1</li>" in body
    assert "pengawas@dinsos.test.id" not in body
    assert ": B</li>" not in body and ": T</li>" not in body  # one character per entry, as before
