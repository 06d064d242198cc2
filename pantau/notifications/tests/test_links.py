"""Every notification the code sends links to a page its reader may open (a walk-through found the
escalation notice sending the lead agency's case team to a referral page only the receiver may see)."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import timedelta
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone, translation

from pantau.cases.models import Case
from pantau.cases.services import case_open, referral_decide, referral_send, referrals_escalate
from pantau.cases.sharing import ALL_SECTIONS
from pantau.monitoring.models import Post
from pantau.monitoring.services import post_decide
from pantau.monitoring.tests.conftest import BABY, RISKY, Monitored, monitored, registry  # noqa: F401
from pantau.notifications.models import Notification
from pantau.notifications.selectors import unread_count
from pantau.supervision.checklists import snpa_install
from pantau.supervision.models import Visit
from pantau.supervision.services import visit_schedule

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english() -> Iterator[None]:
    with translation.override("en"):
        yield


def _case(monitored: Monitored) -> Case:  # noqa: F811
    homes = monitored.registry
    return case_open(
        actor=homes.world.user("supervisor"),
        concerns=[],
        title="Siaran langsung",
        form_of_violence="eksploitasi",
        cluster="pka",
        summary="-",
        lksa=homes.home,
        region_code="",
    )


def send_every_kind(monitored: Monitored) -> None:  # noqa: F811
    """Drive each service that notifies someone, as the pages would."""
    world = monitored.registry.world
    supervisor, investigator = world.user("supervisor"), world.user("investigator")
    today = timezone.localdate()
    case = _case(monitored)
    # A new referral (to the receiving agency), its acceptance (to the case team) ...
    to_police = referral_send(
        actor=supervisor,
        case=case,
        to_org=world.ppa_unit,
        purpose="investigation",
        note="",
        due_on=today + timedelta(days=3),
        legal_basis="public_task",
        consent_note="UU 35/2014 Pasal 59A.",
        shared=sorted(ALL_SECTIONS),
    )
    referral_decide(actor=investigator, referral=to_police, accept=True)
    # ... and one not answered in time (to the case team and to the agency that must answer).
    referral_send(
        actor=supervisor,
        case=case,
        to_org=world.uptd,
        purpose="psychosocial",
        note="",
        due_on=today + timedelta(days=2),
        legal_basis="public_task",
        consent_note="UU 35/2014 Pasal 59A.",
        shared=sorted(ALL_SECTIONS),
    )
    assert referrals_escalate(today=today + timedelta(days=3)) == 1
    # A monitored post referred to police (to the police units of its region) and a letter to a home.
    for text, decision in ((BABY, Post.Decision.REFER_POLICE), (RISKY, Post.Decision.EDUCATION_LETTER)):
        post = monitored.capture(text)
        post_decide(
            actor=supervisor, post=post, decision=decision, note="Dilihat", expected_version=post.version
        )
    # A visit team (to the colleagues put on it).
    snpa_install()
    visit_schedule(
        actor=supervisor,
        lksa=monitored.registry.home,
        planned_on=today + timedelta(days=1),
        kind=Visit.Kind.ANNOUNCED,
        team=[world.user("colleague")],
    )


def test_every_notification_link_opens_for_its_recipient(
    monitored: Monitored,  # noqa: F811
    login: Callable[..., Client],
) -> None:
    send_every_kind(monitored)
    world = monitored.registry.world
    sent = list(Notification.objects.select_related("user").order_by("pk"))
    by_reader = {(n.user.email, n.url.split("/")[1] if n.url else "") for n in sent}
    # Who hears of what: the receiving units, the case team, the home, the visit team.
    assert by_reader == {
        (world.user("investigator").email, "cases"),  # the referral, then the escalation on its case
        (world.user("supervisor").email, "cases"),  # accepted; escalated
        (world.user("case_worker").email, "cases"),  # the escalated referral to UPTD PPA
        (world.user("investigator").email, "monitoring"),  # the post referred to police
        (world.user("lksa_operator").email, ""),  # the letter: text only, nothing to open
        (world.user("colleague").email, "supervision"),
    }
    # The new referral (1), its acceptance to the team (2), the referral to UPTD (1), the escalation (3),
    # the post to police (1), the letter (1), the visit team (1).
    assert len(sent) == 10
    for notification in sent:
        if not notification.url:
            continue
        client = login(notification.user, Client())
        response = client.get(notification.url)
        assert response.status_code == 200, (notification.user.email, notification.text, notification.url)


def test_the_escalation_sends_each_reader_to_their_own_page(monitored: Monitored) -> None:  # noqa: F811
    send_every_kind(monitored)
    world = monitored.registry.world
    escalated = Notification.objects.filter(text__contains="escalated")
    assert {(n.user.email, n.url.rsplit("/", 2)[0]) for n in escalated} == {
        (world.user("supervisor").email, "/cases"),  # the case file, which the lead agency sees
        (world.user("investigator").email, "/cases"),  # on the case team since accepting its referral
        (world.user("case_worker").email, "/cases/referrals"),  # the referral it has to answer
    }


def test_the_menu_counts_unread_notifications_with_one_query(
    monitored: Monitored,  # noqa: F811
    login: Callable[..., Client],
    django_assert_num_queries: Any,
) -> None:
    send_every_kind(monitored)
    investigator = monitored.registry.world.user("investigator")
    client = login(investigator)
    page = client.get("/").content.decode()
    unread = Notification.objects.filter(user=investigator, read_at__isnull=True).count()
    assert unread == 4  # the referral, its acceptance, the escalation, the post
    assert (
        '<span class="nav-badge" data-testid="unread-count">4<span class="visually-hidden"> unread</span>'
        in page
    )
    with django_assert_num_queries(1):
        assert unread_count(investigator) == 4
    client.get("/notifications/")  # reading them
    assert 'data-testid="unread-count"' not in client.get("/").content.decode()
