"""The children's report channel: no account, nothing identifying stored unless given, priority in
triage, a code to follow up, a friendly page when the limit is reached."""

from __future__ import annotations

import logging

import pytest
from django.core.cache import cache
from django.test import Client

from pantau.audit.models import AuditEvent
from pantau.cases.models import Concern
from pantau.registry.models import Lksa
from pantau.registry.tests.conftest import RegistryWorld

pytestmark = pytest.mark.django_db

IP = "203.0.113.77"
AGENT = "Mozilla/5.0 (Linux; Android 9; HP-Anak-Uji)"


@pytest.fixture(autouse=True)
def _fresh_rate_limits() -> None:
    cache.clear()


def _post(client: Client, data: dict[str, object]) -> object:
    return client.post(
        "/check/child/", data, REMOTE_ADDR=IP, HTTP_USER_AGENT=AGENT, HTTP_ACCEPT_LANGUAGE="en"
    )


def test_page_speaks_both_languages_and_shows_the_hotline(client: Client) -> None:
    indonesian = client.get("/check/child/").content.decode()
    assert 'lang="id"' in indonesian and "Ada yang salah? Ceritakan pada kami." in indonesian
    assert "129" in indonesian and "Aku disuruh bekerja, mengemis, atau tampil" in indonesian
    english = client.get("/check/child/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Is something wrong? Tell us." in english and "I have to work, beg or perform" in english
    assert "you can skip this" in english


def test_a_child_report_is_a_priority_concern_with_nothing_identifying(
    registry: RegistryWorld, client: Client, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    home = registry.home
    response = _post(client, {"what": "work", "story": "Disuruh jualan sampai malam", "lksa": home.pk})
    concern = Concern.objects.get()
    body = response.content.decode()  # type: ignore[attr-defined]
    assert response.status_code == 200 and concern.tracking_code in body  # type: ignore[attr-defined]
    assert (concern.source, concern.is_priority, concern.category) == ("child", True, "work")
    assert concern.lksa == home and concern.region_code == home.region_code
    assert (concern.reporter_name, concern.reporter_contact) == ("", "")
    event = AuditEvent.objects.get(action="concern.created")
    assert event.ip is None and event.actor is None
    assert event.changes["source"] == [None, "child"] and event.changes["is_priority"] == [None, True]
    # Neither the address nor the browser anywhere: the concern, the audit row, the logs, the cache keys.
    stored = [str(getattr(concern, f.attname)) for f in Concern._meta.concrete_fields]
    stored += [str(getattr(event, f.attname)) for f in AuditEvent._meta.concrete_fields]
    stored += [record.getMessage() for record in caplog.records]
    stored += [str(key) for key in getattr(cache, "_cache", {})]
    for secret in (IP, AGENT, "HP-Anak-Uji"):
        assert not any(secret in text for text in stored), secret


def test_the_child_may_give_a_name_and_a_home_by_its_name(registry: RegistryWorld, client: Client) -> None:
    home = registry.home
    _post(client, {"what": "hurt", "home": home.name.upper(), "name": "Ani", "contact": "0812-1"})
    concern = Concern.objects.get()
    assert (concern.reporter_name, concern.reporter_contact, concern.category) == ("Ani", "0812-1", "abuse")
    assert concern.lksa == home and concern.description == "Someone hurts me or another child"
    # A name that matches no home stays in the text; triage of the national offices finds it.
    _post(client, {"what": "other", "home": "Panti Tidak Ada"})
    other = Concern.objects.exclude(pk=concern.pk).get()
    assert other.lksa is None and other.subject_text == "Panti Tidak Ada" and other.region_code == ""


def test_bad_input_is_refused_and_nothing_written(client: Client) -> None:
    assert _post(client, {"story": "tanpa pilihan"}).status_code == 400  # type: ignore[attr-defined]
    assert _post(client, {"what": "nonsense"}).status_code == 400  # type: ignore[attr-defined]
    refused = _post(client, {"what": "hurt", "story": "x" * 3001})
    assert refused.status_code == 400  # type: ignore[attr-defined]
    assert (
        "Choose one of the answers."
        in client.post("/check/child/", {}, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    )
    assert not Concern.objects.exists() and not AuditEvent.objects.filter(action="concern.created").exists()


def test_rate_limit_answers_with_the_friendly_page(client: Client) -> None:
    for _ in range(5):
        assert _post(client, {"what": "other"}).status_code == 200  # type: ignore[attr-defined]
    limited = _post(client, {"what": "other"})
    body = limited.content.decode()  # type: ignore[attr-defined]
    assert limited.status_code == 429  # type: ignore[attr-defined]
    assert "Please wait a little" in body and "08111-129-129" in body and "129" in body
    assert Concern.objects.count() == 5


def test_the_status_page_reads_a_child_code_only(registry: RegistryWorld, client: Client) -> None:
    _post(client, {"what": "video"})
    concern = Concern.objects.get()
    page = client.get(
        "/check/child/status/", {"code": concern.tracking_code.lower()}, HTTP_ACCEPT_LANGUAGE="en"
    )
    assert "We got it. Someone will read it soon." in page.content.decode()
    Concern.objects.filter(pk=concern.pk).update(status=Concern.Status.IN_REVIEW)
    page = client.get("/check/child/status/", {"code": concern.tracking_code}, HTTP_ACCEPT_LANGUAGE="en")
    assert "People are working on it now." in page.content.decode()
    public = Concern.objects.create(category="other", description="-", source="public")
    page = client.get("/check/child/status/", {"code": public.tracking_code}, HTTP_ACCEPT_LANGUAGE="en")
    assert "We did not find this code." in page.content.decode()


def test_public_pages_link_the_channel(registry: RegistryWorld, client: Client) -> None:
    for url in ("/check/", "/check/report/", "/awareness/", "/awareness/report/"):
        assert "/check/child/" in client.get(url).content.decode(), url
    assert Lksa.objects.exists()
