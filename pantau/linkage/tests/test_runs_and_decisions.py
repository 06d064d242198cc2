"""Batch runs over the children table, officers' decisions, and the keys kept for the registration check."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError

from pantau.audit.models import AuditEvent
from pantau.children.models import Child
from pantau.children.services import child_update
from pantau.linkage import services
from pantau.linkage.models import CandidatePair, ChildKey, LinkageRun, NameWord
from pantau.linkage.tests.conftest import Children


def _run(children: Children, region: str = "") -> LinkageRun:
    officer = children.registry.world.user("supervisor")
    return services.run_execute(services.run_queue(actor=officer, region_code=region))


def _pair(children: Children) -> CandidatePair:
    a, b = sorted([children.rizki.pk, children.rizki_medan.pk])
    return CandidatePair.objects.get(child_a_id=a, child_b_id=b)


def test_keys_follow_the_child(children: Children) -> None:
    key = ChildKey.objects.get(child=children.rizki)
    assert key.name == "muhamad rizki ramadan" and key.mother == "nur hasana" and key.birth_year == 2012
    assert set(NameWord.objects.filter(child=children.rizki).values_list("word", flat=True)) == {
        "muhamad",
        "rizki",
        "ramadan",
    }
    child = Child.objects.get(pk=children.rizki.pk)
    child.full_name = "Rizki Ramadhan Pratama"
    child_update(
        actor=children.registry.world.user("lksa_operator"),
        child=child,
        before={},
        expected_version=child.version,
    )
    assert ChildKey.objects.get(child=child).name == "rizki ramadan pratama"


def test_a_run_proposes_the_same_child_never_the_twins(children: Children) -> None:
    run = _run(children)
    assert run.status == LinkageRun.Status.DONE and run.records == 4 and run.new_pairs >= 1
    pair = _pair(children)
    assert pair.status == CandidatePair.Status.PENDING and pair.match_probability > 0.9
    twins = sorted([children.hasan.pk, children.husein.pk])
    assert not CandidatePair.objects.filter(child_a_id=twins[0], child_b_id=twins[1]).exists()
    assert AuditEvent.objects.filter(action="linkage.run_started").count() == 1
    # A regional run sees only its region's children.
    assert _run(children, "36.03").records == 3


def test_decisions_are_kept_by_later_runs_and_reversible(children: Children) -> None:
    _run(children)
    officer = children.registry.world.user("supervisor")
    pair = _pair(children)
    decided = services.pair_decide(
        actor=officer, pair=pair, status="different", note="Beda ibu", expected_version=pair.version
    )
    assert decided.decided_by == officer and decided.version == pair.version + 1
    again = _run(children)
    assert again.new_pairs == 0
    assert _pair(children).status == CandidatePair.Status.DIFFERENT  # never proposed again
    assert _pair(children).match_probability == pytest.approx(decided.match_probability)  # not even re-scored
    reopened = services.pair_decide(
        actor=officer, pair=decided, status="pending", note="Salah klik", expected_version=2
    )
    # "Same child" across two offices: each confirms its own child (test_disclosure has the rule).
    confirmed = services.pair_decide(actor=officer, pair=reopened, status="same", note="", expected_version=3)
    assert confirmed.status == "pending" and services.linked_children(children.rizki) == []
    outsider = children.registry.world.user("outsider")
    same = services.pair_decide(actor=outsider, pair=confirmed, status="same", note="", expected_version=4)
    assert services.linked_children(children.rizki) == [children.rizki_medan.pk]
    assert same.status == "same"
    decided = AuditEvent.objects.filter(action="linkage.pair_decided").order_by("pk")
    # Recorded in both children's regions: each office's auditors see what became of their child.
    medan = decided.filter(target_region_code=children.rizki_medan.region_code)
    assert [(e.changes.get("status"), e.changes.get("confirmed")) for e in medan] == [
        (["pending", "different"], None),
        (["different", "pending"], None),
        (None, [None, [children.rizki.pk]]),
        (["pending", "same"], [None, [children.rizki_medan.pk]]),
    ]
    assert decided.count() == 8


def test_decision_refusals(children: Children) -> None:
    _run(children)
    officer = children.registry.world.user("supervisor")
    pair = _pair(children)
    with pytest.raises(ValidationError, match="Say why"):
        services.pair_decide(
            actor=officer, pair=pair, status="pending", note="", expected_version=pair.version
        )
    with pytest.raises(ValidationError, match="already has that decision"):
        services.pair_decide(
            actor=officer, pair=pair, status="pending", note="x", expected_version=pair.version
        )
    with pytest.raises(ValidationError, match="Choose"):
        services.pair_decide(actor=officer, pair=pair, status="maybe", note="", expected_version=pair.version)
    services.pair_decide(actor=officer, pair=pair, status="same", note="", expected_version=pair.version)
    with pytest.raises(ValidationError, match="Someone else decided"):
        services.pair_decide(
            actor=officer, pair=pair, status="different", note="", expected_version=pair.version
        )


def test_a_failed_run_says_so(children: Children, monkeypatch: pytest.MonkeyPatch) -> None:
    def broken(*args: object, **kwargs: object) -> None:
        raise RuntimeError("disk full")

    monkeypatch.setattr(services.engine, "run", broken)
    run = _run(children)
    assert run.status == LinkageRun.Status.FAILED and run.error == "RuntimeError" and run.finished_at
    assert not CandidatePair.objects.exists()


def test_birth_date_is_part_of_the_keys(children: Children) -> None:
    assert ChildKey.objects.get(child=children.hasan).dob == date(2014, 5, 17)
