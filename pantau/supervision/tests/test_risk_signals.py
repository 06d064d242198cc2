"""Signals from other agencies feed the visit plan: each factor's exact points and detail."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from pantau.audit.models import AuditEvent
from pantau.core.tests.lksa_picture import Picture, build_picture
from pantau.monitoring import services as monitoring
from pantau.monitoring.models import Post
from pantau.registry.models import AdoptionLicence, BankAccount, FundraisingPermit, Lksa
from pantau.registry.tests.conftest import RegistryWorld
from pantau.supervision import risk

pytestmark = pytest.mark.django_db
SIGNALS = (
    "open_cases",
    "monitoring_flags",
    "appeal_without_permit",
    "duplicate_pairs",
    "family_exits_unchecked",
)


@pytest.fixture
def picture(registry: RegistryWorld) -> Picture:
    return build_picture(registry)


def signals(home: Lksa, region: str | None = "36.03") -> list[tuple[str, int, str]]:
    (row,) = [
        r
        for r in risk.visit_plan(Lksa.objects.all(), timezone.localdate(), region=region)
        if r.lksa_id == home.pk
    ]
    return [(r.code, r.points, r.detail) for r in row.reasons if r.code in SIGNALS]


def test_each_signal_adds_its_points(picture: Picture) -> None:
    # 2 open cases (10 each); 4 flags in 90 days (5 each, at most 3); 2 pairs to review (5 each);
    # 2 children left to a family unchecked: reunified 60 days ago without a follow-up, and adopted
    # without an adoption licence (the kinship exit was followed up, the recent one is within 30 days,
    # the oldest is over a year ago).
    assert signals(picture.home) == [
        ("open_cases", 20, "2"),
        ("monitoring_flags", 15, "4"),
        ("duplicate_pairs", 10, "2"),
        ("family_exits_unchecked", 20, "2"),
    ]
    # The Medan home: one pair (with a Tangerang child), counted in a national plan.
    assert signals(picture.registry.medan, region=None) == [("duplicate_pairs", 5, "1")]


def test_an_adoption_licence_and_a_follow_up_clear_the_exit_signal(picture: Picture) -> None:
    today = timezone.localdate()
    AdoptionLicence.objects.create(
        lksa=picture.home, number="ADOPSI/1", issued_on=today - timedelta(days=365), valid_until=today
    )
    assert ("family_exits_unchecked", 10, "1") in signals(picture.home)
    kid = picture.left["reunified_unchecked"]
    kid.follow_ups.create(visited_on=today, by="Peksos", finding="well")
    assert "family_exits_unchecked" not in [code for code, _p, _d in signals(picture.home)]


def test_a_reviewer_marks_an_appeal_and_a_valid_permit_clears_it(picture: Picture) -> None:
    reviewer = picture.registry.world.user("supervisor")
    post = Post.objects.get(pk=picture.flagged[0].pk)
    post.decision = ""
    monitoring.post_decide(
        actor=reviewer,
        post=post,
        decision="education_letter",
        note="",
        expected_version=post.version,
        appeal=True,
    )
    home = Lksa.objects.get(pk=picture.home.pk)
    assert home.donations_observed_by == reviewer and home.donations_observed_at is not None
    assert home.donations_observed_source == f"monitoring.post:{post.pk}"
    assert home.solicits_donations is False  # the home's own declaration is left alone
    event = AuditEvent.objects.get(action="lksa.donations_observed")
    assert (event.actor_id, event.target_id) == (reviewer.pk, str(home.pk))
    day = timezone.localdate().isoformat()
    assert ("appeal_without_permit", 20, day) in signals(home)
    account = BankAccount.objects.create(lksa=home, bank="BNI", number="1234567890", holder_name="Yayasan")
    FundraisingPermit.objects.create(
        lksa=home,
        number="PUB/1",
        issued_on=timezone.localdate(),
        bank_account=account,
        valid_until=timezone.localdate() + timedelta(days=90),
    )
    assert "appeal_without_permit" not in [code for code, _p, _d in signals(home)]


def test_asking_for_the_permit_marks_the_home_and_no_action_does_not(picture: Picture) -> None:
    reviewer = picture.registry.world.user("supervisor")
    first, second = (Post.objects.get(pk=p.pk) for p in picture.flagged[1:3])
    monitoring.post_decide(
        actor=reviewer, post=first, decision="no_action", note="", expected_version=first.version
    )
    assert Lksa.objects.get(pk=picture.home.pk).donations_observed_at is None
    monitoring.post_decide(
        actor=reviewer, post=second, decision="request_permit", note="", expected_version=second.version
    )
    assert Lksa.objects.get(pk=picture.home.pk).donations_observed_source == f"monitoring.post:{second.pk}"


def test_the_decision_form_marks_the_appeal(picture: Picture, client: Client) -> None:
    from pantau.accounts.testing import force_login_verified

    force_login_verified(client, picture.registry.world.user("supervisor"))
    post = picture.flagged[1]
    response = client.post(
        f"/monitoring/posts/{post.pk}/",
        {"decision": "no_action", "note": "", "appeal": "on", "version": post.version},
    )
    assert response.status_code == 302
    assert Lksa.objects.get(pk=picture.home.pk).donations_observed_source == f"monitoring.post:{post.pk}"


def test_the_plan_page_shows_the_signals(picture: Picture, client: Client) -> None:
    from pantau.accounts.testing import force_login_verified

    force_login_verified(client, picture.registry.world.user("supervisor"))
    page = client.get("/supervision/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Open cases (2): +20" in page
    assert "Flagged online posts (4): +15" in page
    assert "Possible duplicate children (2): +10" in page
    assert "Children left to a family unchecked (2): +20" in page
