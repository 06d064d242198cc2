"""The ghost-children check's figures, exactly (the world is described in conftest.py)."""

from __future__ import annotations

from datetime import date

import pytest
from django.db import connection
from django.test import override_settings
from django.test.utils import CaptureQueriesContext

from pantau.aid import reconcile as reconcile_module
from pantau.aid.reconcile import Reconciliation, flagged_homes, reconcile
from pantau.aid.tests.conftest import AidWorld, aid
from pantau.linkage.models import CandidatePair
from pantau.registry.models import Lksa

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("in_list_limit", [5_000, 0], ids=["ids-in-sql", "pairs-filtered-here"])
def test_children_recorded_after_duplicates_are_resolved(
    aid_world: AidWorld, in_list_limit: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    # A province's homes hold too many children for an IN list: the pairs are then filtered in Python,
    # with the same figures.
    monkeypatch.setattr(reconcile_module, "IN_LIST_LIMIT", in_list_limit)
    ten = aid(aid_world.home, 10, by_world=aid_world.registry)
    six = aid(aid_world.home, 6, by_world=aid_world.registry, programme="APBD 2026")
    other = aid(aid_world.other, 2, by_world=aid_world.registry)
    figures = reconcile([ten, six, other])
    assert figures[ten.pk] == Reconciliation(basis=10, recorded=6, records=8, pending_pairs=1, tolerance=0)
    assert (figures[ten.pk].merged, figures[ten.pk].difference, figures[ten.pk].flagged) == (2, 4, True)
    assert (figures[six.pk].difference, figures[six.pk].flagged) == (0, False)
    # Harapan Baru: d2 (where the child c2/d2 lives) and c9 (transferred in on 1 February).
    assert figures[other.pk] == Reconciliation(basis=2, recorded=2, records=2, pending_pairs=0, tolerance=0)


def test_a_pair_decided_different_counts_both_children(aid_world: AidWorld) -> None:
    CandidatePair.objects.filter(status=CandidatePair.Status.SAME).update(
        status=CandidatePair.Status.DIFFERENT
    )
    record = aid(aid_world.home, 10, by_world=aid_world.registry)
    assert reconcile([record])[record.pk] == Reconciliation(
        basis=10, recorded=8, records=8, pending_pairs=1, tolerance=0
    )


def test_the_record_still_in_care_is_where_the_child_lives(aid_world: AidWorld) -> None:
    # d2 leaves Harapan Baru in March: the child now lives at the home (c2 is still in care there).
    d2 = aid_world.children["d2"]
    d2.status = d2.Status.LEFT
    d2.save()
    record = aid(aid_world.home, 10, by_world=aid_world.registry)
    assert reconcile([record])[record.pk].recorded == 7


@override_settings(PANTAU_AID_TOLERANCE_PERCENT=50)
def test_the_tolerance_is_a_policy_setting(aid_world: AidWorld) -> None:
    nine = aid(aid_world.home, 9, by_world=aid_world.registry)
    ten = aid(aid_world.home, 10, by_world=aid_world.registry)
    figures = reconcile([nine, ten])
    assert (figures[nine.pk].tolerance, figures[nine.pk].difference, figures[nine.pk].flagged) == (
        3,
        3,
        False,
    )
    assert (figures[ten.pk].difference, figures[ten.pk].flagged) == (4, True)


def test_the_visit_plan_signal_takes_the_worst_recent_record(aid_world: AidWorld) -> None:
    aid(aid_world.home, 8, by_world=aid_world.registry)
    aid(aid_world.home, 10, by_world=aid_world.registry)
    aid(aid_world.other, 2, by_world=aid_world.registry)
    flags = flagged_homes(Lksa.objects.values("pk"), date(2026, 7, 1))
    assert {home: (f.basis, f.recorded) for home, f in flags.items()} == {aid_world.home.pk: (10, 6)}
    # Aid whose period ended more than a year ago is no longer a signal.
    assert flagged_homes(Lksa.objects.values("pk"), date(2027, 7, 1)) == {}


def test_queries_do_not_grow_with_the_records(aid_world: AidWorld) -> None:
    one = [aid(aid_world.home, 10, by_world=aid_world.registry)]
    many = one + [aid(h, 3, by_world=aid_world.registry) for h in (aid_world.other, aid_world.registry.medan)]
    with CaptureQueriesContext(connection) as first:
        reconcile(one)
    with CaptureQueriesContext(connection) as second:
        reconcile(many)
    # Stays at the homes, "same child" decisions (one query per round while new children turn up: two
    # here, d2 being elsewhere), the linked children's other stays, their status, pairs to review. With
    # Harapan Baru's records too, d2 is already known: one round, and no other stays to read.
    assert (len(first), len(second)) == (6, 4)
