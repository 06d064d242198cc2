"""The signals on the planted network (tests/conftest.py): each planted link raises exactly its signal at
exactly its homes, no near miss raises anything (precision 1.0 and recall 1.0 on the plant), each
signal explains itself and weighs on the visit plan while it holds and is not set aside."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.test import TestCase

from pantau.cases.models import Concern
from pantau.network import detect, indexer
from pantau.network.explain import explain, home_names
from pantau.network.models import Signal
from pantau.network.services import signal_open_concern, signal_set_aside
from pantau.network.tests.conftest import Network
from pantau.registry.models import BankAccount, Lksa
from pantau.supervision.risk import visit_plan

pytestmark = pytest.mark.django_db


def _raised(network: Network) -> set[tuple[str, str, str]]:
    return {
        (s.code, s.lksa.name, s.entity.label if s.entity else "")
        for s in Signal.objects.filter(holds=True).select_related("lksa", "entity")
    }


def test_every_planted_link_and_nothing_else(network: Network) -> None:
    kasih, cahaya, harapan = network.kasih.name, network.cahaya.name, network.harapan.name
    assert _raised(network) == {
        ("shared_account", kasih, "BCA ••••••4455"),
        ("shared_account", cahaya, "BCA ••••••4455"),
        ("shared_account", harapan, "BCA ••••••4455"),
        ("personal_account", kasih, "BRI •••••••••••5503"),
        ("person_of_concern", kasih, "R. S. D. (NIK)"),
        ("intermediary_contact", cahaya, "+6281•••••1357"),
        ("paper_orphans", kasih, ""),
    }


def test_each_signal_explains_itself_without_naming_a_person(network: Network) -> None:
    signals = list(Signal.objects.select_related("lksa", "entity").order_by("code", "lksa__name"))
    names = home_names(signals, network.world.user("system_admin"))  # national: every home named
    texts = {(s.code, s.lksa.name): explain(s, names) for s in signals}
    assert texts[("shared_account", network.kasih.name)] == (
        "BCA ••••••4455 collects donations for 3 homes run by different foundations: "
        "LKSA Kasih Bunda, Panti Asuhan Harapan, Panti Cahaya."
    )
    assert texts[("personal_account", network.kasih.name)] == (
        "The home's appeal asks for donations into BRI •••••••••••5503, an account held by a person (1 post)."
    )
    assert texts[("person_of_concern", network.kasih.name)] == (
        "A staff or board member of the home is, by the same NIK, a person alleged in 1 case about "
        "another home."
    )
    assert texts[("intermediary_contact", network.cahaya.name)] == (
        "+6281•••••1357, given on the home's appeals or registry record, is the intermediary's in 1 "
        "family-care file."
    )
    assert texts[("paper_orphans", network.kasih.name)] == (
        "1 post(s) of the last 12 months call the home's children 'yatim piatu' (orphans), yet 3 of its 4 "
        "children in care have a living parent."
    )
    assert all("Ratna" not in text and "Budi" not in text for text in texts.values())
    # A reader of Kabupaten Tangerang reads the Medan home counted, not named (its places are withheld).
    local = home_names(signals, network.world.user("supervisor"))
    shared = next(s for s in signals if s.code == "shared_account")
    assert explain(shared, local) == (
        "BCA ••••••4455 collects donations for 3 homes run by different foundations: LKSA Kasih Bunda, "
        "Panti Cahaya, 1 home outside your jurisdiction."
    )


def test_the_visit_plan_counts_the_signals_and_forgets_one_set_aside(network: Network) -> None:
    homes = Lksa.objects.filter(pk=network.kasih.pk)
    reasons = {
        r.code: (r.points, r.detail) for r in visit_plan(homes, date(2026, 12, 8), region=None)[0].reasons
    }
    assert reasons["shared_account"] == (15, "1")
    assert reasons["personal_account"] == (15, "1")
    assert reasons["person_of_concern"] == (25, "1")
    assert reasons["paper_orphans"] == (15, "3/4")
    assert "intermediary_contact" not in reasons

    signal = Signal.objects.get(code="personal_account", lksa=network.kasih)
    signal_set_aside(
        actor=network.world.user("supervisor"), signal=signal, note="Rekening bendahara, sudah diklarifikasi"
    )
    reasons = {r.code for r in visit_plan(homes, date(2026, 12, 8), region=None)[0].reasons}
    assert "personal_account" not in reasons and "shared_account" in reasons


def test_opening_a_concern_routes_it_to_the_home_s_triage_and_decides_once(network: Network) -> None:
    signal = Signal.objects.get(code="shared_account", lksa=network.cahaya)
    supervisor = network.world.user("supervisor")
    concern = signal_open_concern(actor=supervisor, signal=signal, note="Perlu dicek ke bank.")
    assert (concern.source, concern.category, concern.lksa_id) == (
        "network",
        "fundraising",
        network.cahaya.pk,
    )
    assert concern.description.startswith(
        "Sinyal jaringan: BCA ••••••4455 "
    )  # stored in the official language
    assert concern.description.endswith("Perlu dicek ke bank.")
    signal.refresh_from_db()
    assert (signal.status, signal.concern_id, signal.decided_by_id) == ("concern", concern.pk, supervisor.pk)
    with pytest.raises(ValidationError):
        signal_set_aside(actor=supervisor, signal=signal, note="Tidak relevan")
    assert Concern.objects.filter(source="network").count() == 1


def test_setting_aside_needs_a_reason(network: Network) -> None:
    signal = Signal.objects.get(code="paper_orphans")
    with pytest.raises(ValidationError) as refused:
        signal_set_aside(actor=network.world.user("supervisor"), signal=signal, note="  ")
    assert "note" in refused.value.message_dict
    signal.refresh_from_db()
    assert signal.status == "open"


def test_a_signal_that_no_longer_holds_goes_unless_someone_acted_on_it(network: Network) -> None:
    supervisor = network.world.user("supervisor")
    decided = Signal.objects.get(code="shared_account", lksa=network.kasih)
    signal_set_aside(actor=supervisor, signal=decided, note="Dikenal")
    # Harapan's and cahaya's posts are gone: the account now collects for kasih alone.
    network.posts["harapan"].delete()
    network.posts["cahaya"].delete()
    indexer.rebuild()
    shared = Signal.objects.filter(code="shared_account")
    assert [(s.lksa_id, s.holds, s.status) for s in shared] == [(network.kasih.pk, False, "dismissed")]


class IncrementalTests(TestCase):
    """A saved record is re-read when its transaction commits: the signal appears and goes without a
    rebuild."""

    def test_a_registry_account_shared_with_another_foundation_raises_at_once(self) -> None:
        from pantau.conftest import build_world
        from pantau.network.tests.conftest import build_network

        network = build_network(build_world())
        with self.captureOnCommitCallbacks(execute=True):
            account = BankAccount.objects.create(
                lksa=network.cahaya_dua,
                bank="Bank Mandiri",
                number="9000 1234 5678",
                holder_name="Yayasan",
                holder_kind=BankAccount.Holder.FOUNDATION,
            )
        with self.captureOnCommitCallbacks(execute=True):
            BankAccount.objects.create(
                lksa=network.harapan,
                bank="mandiri",
                number="9000-1234-5678",
                holder_name="Yayasan Harapan",
                holder_kind=BankAccount.Holder.FOUNDATION,
            )
        homes = set(
            Signal.objects.filter(code="shared_account", entity__label="Mandiri ••••••••5678").values_list(
                "lksa_id", flat=True
            )
        )
        assert homes == {network.cahaya_dua.pk, network.harapan.pk}
        with self.captureOnCommitCallbacks(execute=True):
            account.delete()
        assert not Signal.objects.filter(code="shared_account", entity__label="Mandiri ••••••••5678").exists()
        assert detect.detect(entity_ids=None, home_ids=None)["raised"] == 0  # nothing missed incrementally
