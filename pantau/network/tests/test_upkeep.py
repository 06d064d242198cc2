"""Keeping the index: the nightly command, and a refresh that fails never stops the officer's save."""

from __future__ import annotations

import io
import logging

import pytest
from django.core.management import call_command
from django.test import TestCase

from pantau.conftest import build_world
from pantau.network import hooks, indexer
from pantau.network.models import Entity, Occurrence
from pantau.network.tests.conftest import Network, build_network
from pantau.registry.models import BankAccount

pytestmark = pytest.mark.django_db


def test_the_nightly_command_rebuilds_the_same_index(network: Network) -> None:
    before = sorted(Occurrence.objects.values_list("entity__digest", "source", "source_id", "role"))
    out = io.StringIO()
    call_command("network_rebuild", stdout=out)
    assert sorted(Occurrence.objects.values_list("entity__digest", "source", "source_id", "role")) == before
    assert (
        f"{Entity.objects.filter(places__gt=0).count()} identifiers in {len(before)} places" in out.getvalue()
    )


class FailedRefreshTests(TestCase):
    def test_a_failed_refresh_is_logged_and_the_save_stands(self) -> None:
        network = build_network(build_world())
        hooks._pending().clear()  # what the set-up saved (its transaction never commits in a TestCase)

        def broken(source: str, ids: object) -> None:
            raise RuntimeError("index unavailable")

        original = indexer.refresh
        indexer.refresh = broken  # type: ignore[assignment]
        try:
            with (
                self.assertLogs("pantau.network.hooks", level=logging.ERROR) as logged,
                self.captureOnCommitCallbacks(execute=True),
            ):
                account = BankAccount.objects.create(
                    lksa=network.cahaya_dua,
                    bank="BNI",
                    number="0099887766",
                    holder_name="Yayasan Cahaya",
                    holder_kind=BankAccount.Holder.FOUNDATION,
                )
        finally:
            indexer.refresh = original  # type: ignore[assignment]
        assert BankAccount.objects.filter(pk=account.pk).exists()
        assert "network index refresh failed for bank_account (1 records)" in logged.output[0]
        assert not Occurrence.objects.filter(source="bank_account", source_id=account.pk).exists()
        indexer.rebuild()  # the nightly rebuild catches up
        assert Occurrence.objects.filter(source="bank_account", source_id=account.pk).exists()
