"""The review queue (order, privacy, queries), one post with its reasons, and the reviewer's decision."""

import re
from collections.abc import Callable

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from pantau.audit.models import AuditEvent
from pantau.cases.models import Concern
from pantau.monitoring import services
from pantau.monitoring.models import Post
from pantau.monitoring.tests.conftest import BABY, BENIGN, RISKY, Monitored
from pantau.notifications.models import Notification


def test_queue_puts_rujuk_first_then_score_and_hides_names(
    monitored: Monitored, login: Callable[..., Client]
) -> None:
    risky, baby, benign = monitored.capture(RISKY), monitored.capture(BABY), monitored.capture(BENIGN)
    assert (baby.tier, risky.tier, benign.tier) == ("rujuk", "tinjau", "none")
    client = login(monitored.registry.world.user("supervisor"))
    body = client.get("/monitoring/").content.decode()
    assert body.index(f"/monitoring/posts/{baby.pk}/") < body.index(f"/monitoring/posts/{risky.pk}/")
    assert f"/monitoring/posts/{benign.pk}/" not in body  # nothing to review
    assert "Rina" not in body and "0812-7788-1290" not in body and "▇▇1290" in body
    assert f"/monitoring/posts/{benign.pk}/" in client.get("/monitoring/?view=none").content.decode()


def test_queue_queries_do_not_grow_with_posts(monitored: Monitored, login: Callable[..., Client]) -> None:
    monitored.capture(RISKY)
    client = login(monitored.registry.world.user("supervisor"))
    with CaptureQueriesContext(connection) as one:
        client.get("/monitoring/")
    for n in range(5):
        monitored.capture(f"{RISKY} #{n}")
    with CaptureQueriesContext(connection) as six:
        assert client.get("/monitoring/").content.decode().count('href="/monitoring/posts/') == 6
    assert len(six) == len(one)


def test_html_in_a_caption_is_shown_as_text(monitored: Monitored, login: Callable[..., Client]) -> None:
    post = monitored.capture("<script>alert('x')</script><img src=x onerror=alert(1)> " + BABY)
    client = login(monitored.registry.world.user("supervisor"))
    for url in ("/monitoring/", f"/monitoring/posts/{post.pk}/"):
        body = client.get(url).content.decode()
        assert "<script>alert" not in body and "<img src=x" not in body
        assert "&lt;script&gt;" in body


def test_detail_explains_and_reveal_is_audited(monitored: Monitored, login: Callable[..., Client]) -> None:
    post = monitored.capture(RISKY)
    client = login(monitored.registry.world.user("supervisor"))
    body = client.get(f"/monitoring/posts/{post.pk}/").content.decode()
    assert "Bank account held by a person, not the foundation" in body
    assert "UU 9/1961; PP 29/1980; Permensos 8/2021" in body
    assert "no current fundraising permit covers it" in body
    assert "Rina" not in body
    assert AuditEvent.objects.filter(action="monitoring.post_viewed", target_id=str(post.pk)).exists()
    assert "The words that raised it are shown with the names." in body
    assert "Darman" not in body  # the account holder is masked in the evidence and the cross-check too
    revealed = client.get(f"/monitoring/posts/{post.pk}/?reveal=1").content.decode()
    assert "Rina Septiani" in revealed and "Darman" in revealed
    assert AuditEvent.objects.filter(action="monitoring.post_revealed", target_id=str(post.pk)).exists()


def test_open_concern_decision_puts_a_concern_in_triage(
    monitored: Monitored, login: Callable[..., Client]
) -> None:
    post = monitored.capture(RISKY)
    client = login(monitored.registry.world.user("supervisor"))
    response = client.post(
        f"/monitoring/posts/{post.pk}/",
        {"decision": "open_concern", "note": "Anak ditampilkan untuk donasi", "version": post.version},
    )
    assert response.status_code == 302
    post.refresh_from_db()
    concern = post.opened_concern
    assert concern is not None and concern.source == Concern.Source.MONITORING
    assert concern.lksa == monitored.registry.home and concern.status == Concern.Status.RECEIVED
    assert "Rina" not in concern.description and "@panti.kasih.bunda" in concern.subject_text
    assert concern in Concern.objects.filter(region_code__startswith="36.03")
    event = AuditEvent.objects.get(action="monitoring.post_decided", target_id=str(post.pk))
    assert event.changes["decision"] == [None, "open_concern"]
    # Decided once: a second decision, or a stale form, is refused.
    again = client.post(
        f"/monitoring/posts/{post.pk}/", {"decision": "no_action", "version": post.version - 1}
    )
    assert again.status_code == 400


def test_refer_to_police_notifies_the_units_of_the_region(monitored: Monitored) -> None:
    post = monitored.capture(BABY)
    world = monitored.registry.world
    services.post_decide(
        actor=world.user("supervisor"),
        post=post,
        decision="refer_police",
        note="Bayi dijual",
        expected_version=post.version,
    )
    assert Notification.objects.filter(
        user=world.user("investigator"), url=f"/monitoring/posts/{post.pk}/"
    ).exists()
    post.refresh_from_db()
    assert post.opened_concern is not None and post.opened_concern.category == Concern.Category.ADOPTION


def test_letters_go_to_the_home_and_need_a_linked_home(monitored: Monitored) -> None:
    post = monitored.capture(RISKY)
    world = monitored.registry.world
    services.post_decide(
        actor=world.user("supervisor"),
        post=post,
        decision="request_permit",
        note="",
        expected_version=post.version,
    )
    assert Notification.objects.filter(user=world.user("lksa_operator"), text__contains="PUB").exists()
    monitored.account.lksa = None
    monitored.account.save()
    other = monitored.capture(RISKY + " lagi")
    with pytest.raises(ValidationError):
        services.post_decide(
            actor=world.user("supervisor"),
            post=other,
            decision="education_letter",
            note="",
            expected_version=other.version,
        )


def test_concern_decisions_need_a_note(monitored: Monitored) -> None:
    post = monitored.capture(RISKY)
    with pytest.raises(ValidationError):
        services.post_decide(
            actor=monitored.registry.world.user("supervisor"),
            post=post,
            decision="open_concern",
            note=" ",
            expected_version=post.version,
        )
    post.refresh_from_db()
    assert post.decision == "" and post.opened_concern is None


def test_decisions_feed_the_evaluation_page(monitored: Monitored, login: Callable[..., Client]) -> None:
    supervisor = monitored.registry.world.user("supervisor")
    for text, decision in ((RISKY, "open_concern"), (RISKY + " 2", "no_action")):
        post = monitored.capture(text)
        services.post_decide(
            actor=supervisor, post=post, decision=decision, note="x", expected_version=post.version
        )
    body = login(supervisor).get("/monitoring/evaluation/").content.decode()
    assert 'tier-tinjau">tinjau</span></td><td>2</td><td>1</td><td>50%</td>' in body


def test_capture_from_a_public_concern_keeps_the_link(
    monitored: Monitored, login: Callable[..., Client]
) -> None:
    concern = Concern.objects.create(
        source=Concern.Source.PUBLIC,
        category=Concern.Category.LIVESTREAM,
        description="Live tengah malam, anak-anak disuruh minta gift",
        subject_text="@panti.kasih.bunda",
        region_code="36.03",
        lksa=monitored.registry.home,
    )
    client = login(monitored.registry.world.user("supervisor"))
    form = client.get(f"/monitoring/capture/?concern={concern.pk}").content.decode()
    assert "Live tengah malam" in form
    response = client.post(
        f"/monitoring/capture/?concern={concern.pk}",
        {
            "account": monitored.account.pk,
            "text": "ayo kirim gift buat adik2 panti, tap tap layar kak",
            "is_live": "on",
        },
    )
    assert response.status_code == 302
    post = Post.objects.get(concern=concern)
    assert post.source == Post.Source.CONCERN and post.captured_by == monitored.registry.world.user(
        "supervisor"
    )


def test_capture_form_refuses_nothing_to_screen(monitored: Monitored, login: Callable[..., Client]) -> None:
    client = login(monitored.registry.world.user("supervisor"))
    response = client.post("/monitoring/capture/", {"account": monitored.account.pk, "text": "  "})
    assert response.status_code == 400 and Post.objects.count() == 0
    assert "nothing to screen" in response.content.decode()


def test_outsider_cannot_see_or_decide_tangerang_posts(
    monitored: Monitored, login: Callable[..., Client]
) -> None:
    post = monitored.capture(RISKY)
    client = login(monitored.registry.world.user("outsider"))
    assert f"/monitoring/posts/{post.pk}/" not in client.get("/monitoring/").content.decode()
    assert client.get(f"/monitoring/posts/{post.pk}/").status_code == 404
    assert (
        client.post(f"/monitoring/posts/{post.pk}/", {"decision": "no_action", "version": 1}).status_code
        == 404
    )


def test_home_page_counts_what_waits_for_review(monitored: Monitored, login: Callable[..., Client]) -> None:
    monitored.capture(BABY)
    monitored.capture(RISKY)
    monitored.capture(RISKY + " 2")
    body = (
        login(monitored.registry.world.user("supervisor"))
        .get("/", HTTP_ACCEPT_LANGUAGE="en")
        .content.decode()
    )
    # The posts queue counts the rujuk and tinjau posts together, the riskiest first, as a percentage.
    card = re.search(r'data-queue="posts_review".*?</section>', body, re.S)
    assert card is not None
    assert '<span class="queue-count" data-testid="queue-count">3</span>' in card.group(0)
    assert card.group(0).count("risk score") == 3 and "rujuk, risk score" in card.group(0)
    viewer = login(monitored.registry.world.user("viewer"), Client()).get("/").content.decode()
    assert 'data-queue="posts_' not in viewer
