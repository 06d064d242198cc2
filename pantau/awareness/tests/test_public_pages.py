"""The public awareness pages and their one-page leaflets, in both languages, with the configured
hotline; and the configuration refusing a malformed number."""

from __future__ import annotations

import io
import os
from unittest import mock

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.test import Client, override_settings
from pypdf import PdfReader

from pantau.awareness.content import TOPICS
from pantau.lib.env import env_phone

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("language", ["id", "en"])
def test_every_page_renders_with_the_hotline(client: Client, language: str) -> None:
    for url in ["/awareness/", *[f"/awareness/{topic}/" for topic in TOPICS]]:
        response = client.get(url, HTTP_ACCEPT_LANGUAGE=language)
        body = response.content.decode()
        assert response.status_code == 200 and f'lang="{language}"' in body, url
        assert "08111-129-129" in body and "/check/child/" in body, url
    assert client.get("/awareness/nothing/").status_code == 404


def test_the_text_is_translated(client: Client) -> None:
    indonesian = client.get("/awareness/check/").content.decode()
    assert "Cek panti sebelum berdonasi" in indonesian and "Tanda bahaya" in indonesian
    english = client.get("/awareness/check/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "home before you donate" in english and "Warning signs" in english


def test_adoption_cites_the_reviewed_tables_with_their_status(client: Client) -> None:
    body = client.get("/awareness/adoption/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    # UU 21/2007 Pasal 5 is adoption with a promise or payment *to exploit the child*, and unverified.
    pasal5 = body[body.index("UU 21/2007 Pasal 5") :][:300]
    assert "with the intent to exploit the child" in pasal5 and "not verified" in pasal5
    assert "UU 23/2002 Pasal 79 jo. Pasal 39" in body and "PP 54/2007 Pasal 1 angka 1" in body
    assert "article checked against the text" in body  # PP 54/2007 Pasal 1 angka 1 is verified


def _pdf(client: Client, topic: str, language: str) -> PdfReader:
    response = client.get(f"/awareness/{topic}/leaflet.pdf", HTTP_ACCEPT_LANGUAGE=language)
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    return PdfReader(io.BytesIO(response.content))


@pytest.mark.parametrize("language", ["id", "en"])
@pytest.mark.parametrize("topic", TOPICS)
def test_each_leaflet_is_one_page_with_the_hotline(client: Client, topic: str, language: str) -> None:
    reader = _pdf(client, topic, language)
    text = reader.pages[0].extract_text()
    assert len(reader.pages) == 1
    assert "129" in text and "08111-129-129" in text


@override_settings(PANTAU_SAPA_HOTLINE="1500-771", PANTAU_SAPA_WHATSAPP="+62 811 0000 1234")
def test_the_numbers_are_configuration(client: Client) -> None:
    text = _pdf(client, "report", "en").pages[0].extract_text()
    assert "1500-771" in text and "+62 811 0000 1234" in text
    body = client.get("/awareness/report/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "1500-771" in body and "https://wa.me/6281100001234" in body


@pytest.mark.parametrize("value", ["12a", "--129", "1 2", "0811-", "12", "0811 1291 2912 9129 1"])
def test_a_malformed_number_stops_the_start_up(value: str) -> None:
    with mock.patch.dict(os.environ, {"PANTAU_SAPA_HOTLINE": value}), pytest.raises(ImproperlyConfigured):
        env_phone("PANTAU_SAPA_HOTLINE", "129", min_digits=3, max_digits=15)
    with mock.patch.dict(os.environ, {"PANTAU_SAPA_HOTLINE": " 08111-129-129 "}):
        assert env_phone("PANTAU_SAPA_HOTLINE", "129", min_digits=3, max_digits=15) == "08111-129-129"
