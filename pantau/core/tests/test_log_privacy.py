"""No log line Pantau writes carries a child's name or NIK (issue 14): searches go by POST, and every
query string is scrubbed from the logs of Django (test client and a real ``runserver``) and of gunicorn
(with the repository's ``gunicorn.conf.py``)."""

from __future__ import annotations

import io
import logging
import os
import re
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from pathlib import Path
from urllib.parse import quote, urlencode

import pytest
from django.db import connection
from django.test import Client

from pantau.conftest import World
from pantau.lib.logfilters import QueryStringScrubber, scrub, scrub_request_line

ROOT = Path(__file__).resolve().parents[3]
# A synthetic child: the name and NIK appear in no fixture and no page, so any hit is a leak.
GIVEN, FAMILY = "Wulandari", "Kusumawardhani"
NAME = f"{GIVEN} {FAMILY}"
NIK = "3603034101150001"
SECRETS = (GIVEN, FAMILY, NIK, quote(NAME), NIK[-6:])


def leaks(text: str) -> list[str]:
    return [secret for secret in SECRETS if secret in text]


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("GET /children/?q=Wulandari HTTP/1.1", "GET /children/ HTTP/1.1"),
        ("Not Found: /check/account/?value=3603034101150001", "Not Found: /check/account/"),
        (
            "redirect to https://pantau.example.go.id/login/?next=/children/%3Fq%3DWulandari done",
            "redirect to https://pantau.example.go.id/login/ done",
        ),
        (
            "Bad request syntax ('GET /children/?q=Wulandari Kusumawardhani HTTP/1.1')",
            "Bad request syntax ('GET /children/ HTTP/1.1')",
        ),
        ('"POST /check/account/ HTTP/1.1" 200 512', '"POST /check/account/ HTTP/1.1" 200 512'),
        (
            "Invalid request from ip=127.0.0.1: Invalid HTTP Version: 'Kusumawardhani HTTP/1.1'",
            "Invalid request from ip=127.0.0.1: Invalid HTTP Version",
        ),
        ("a question? yes", "a question? yes"),
    ],
)
def test_scrub(line: str, expected: str) -> None:
    assert scrub(line) == expected


def test_scrub_request_line_with_spaces_in_the_query() -> None:
    assert (
        scrub_request_line("GET /children/?q=Wulandari Kusumawardhani HTTP/1.1") == "GET /children/ HTTP/1.1"
    )
    assert scrub_request_line("GET /children/?q=Wulandari Kusumawardhani") == "GET /children/"


def _configured_handlers() -> list[tuple[str, logging.Handler]]:
    loggers = [logging.getLogger()] + [
        logger for logger in logging.Logger.manager.loggerDict.values() if isinstance(logger, logging.Logger)
    ]
    return [
        (logger.name, handler)
        for logger in loggers
        for handler in logger.handlers
        # pytest's capture, and libraries' NullHandlers (which write nothing), are not Pantau's logs.
        if not type(handler).__module__.startswith("_pytest") and not isinstance(handler, logging.NullHandler)
    ]


def test_every_log_handler_and_djangos_request_loggers_scrub_query_strings() -> None:
    handlers = _configured_handlers()
    assert handlers, "no handler configured"
    assert not [
        name
        for name, handler in handlers
        if not any(isinstance(f, QueryStringScrubber) for f in handler.filters)
    ]
    for name in ("django.server", "django.request"):
        assert any(isinstance(f, QueryStringScrubber) for f in logging.getLogger(name).filters), name


@pytest.fixture
def captured(caplog: pytest.LogCaptureFixture) -> Iterator[tuple[pytest.LogCaptureFixture, io.StringIO]]:
    """caplog's handler on every logger (propagating or not), and what the configured handlers write."""
    caplog.set_level(logging.DEBUG)
    loggers = [
        logger for logger in logging.Logger.manager.loggerDict.values() if isinstance(logger, logging.Logger)
    ]
    for logger in loggers:
        logger.addHandler(caplog.handler)
    written = io.StringIO()
    streams = [
        (h, h.setStream(written)) for _, h in _configured_handlers() if isinstance(h, logging.StreamHandler)
    ]
    try:
        yield caplog, written
    finally:
        for handler, stream in streams:
            handler.setStream(stream)  # type: ignore[arg-type]
        for logger in loggers:
            logger.removeHandler(caplog.handler)


def test_test_client_requests_leave_no_name_or_nik_in_any_log(
    world: World, login: Callable[..., Client], captured: tuple[pytest.LogCaptureFixture, io.StringIO]
) -> None:
    caplog, written = captured
    staff = login(world.user("supervisor"))
    staff.post("/children/", {"q": NAME, "status": "in_care"})
    staff.get("/children/", {"q": NAME, "nik": NIK})
    staff.get("/children/999999/", {"q": NAME})  # 404, logged by django.request
    anonymous = Client()
    for path, params in (
        ("/children/", {"q": NAME}),
        ("/check/", {"q": NAME}),
        ("/check/account/", {"value": NIK}),
        ("/no-such-page/", {"q": NAME, "nik": NIK}),
        ("/api/v1/no-such-endpoint", {"nik": NIK}),
    ):
        anonymous.get(path, params)
    anonymous.post("/check/account/", {"value": NIK})
    # What a future line with an address would look like, on a propagating and a non-propagating logger.
    logging.getLogger("pantau.example").warning("slow request %s", f"/children/?q={quote(NAME)}")
    logging.getLogger("django.server").info('"%s" %s %s', f"GET /children/?q={NAME} HTTP/1.1", "200", "9")
    lines = [record.getMessage() for record in caplog.records]
    assert "Not Found: /no-such-page/" in lines
    assert '"GET /children/ HTTP/1.1" 200 9' in lines
    assert "slow request /children/" in written.getvalue()
    assert leaks("\n".join(lines)) == [] and leaks(caplog.text) == [] and leaks(written.getvalue()) == []


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _wait(port: int, process: subprocess.Popen[str]) -> None:
    deadline = time.monotonic() + 180  # system checks and imports, on a busy machine
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise AssertionError(process.communicate()[0])
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.2):
                return
        except OSError:
            time.sleep(0.1)
    raise AssertionError("the server did not start")


def _request(url: str, **kwargs: object) -> urllib.request.Request:
    assert url.startswith("http://127.0.0.1:")
    return urllib.request.Request(url, **kwargs)  # type: ignore[arg-type]  # noqa: S310


def _hit(port: int) -> None:
    """Requests carrying the child's name and NIK in query strings, a referrer and a broken request line."""
    base = f"http://127.0.0.1:{port}"
    referrer = {"Referer": f"{base}/children/?{urlencode({'q': NAME})}"}
    requests = [
        _request(f"{base}/check/?{urlencode({'q': NAME})}"),
        _request(f"{base}/check/account/?{urlencode({'value': NIK})}"),
        _request(f"{base}/children/?{urlencode({'q': NAME, 'nik': NIK})}"),
        _request(f"{base}/login/?{urlencode({'next': '/children/?q=' + NAME})}"),
        _request(f"{base}/no-such-page/?{urlencode({'nik': NIK})}"),
        _request(f"{base}/check/", headers=referrer),
        _request(f"{base}/check/account/", data=urlencode({"value": NIK}).encode()),
    ]

    class NoRedirect(urllib.request.HTTPRedirectHandler):
        def redirect_request(self, *args: object, **kwargs: object) -> None:
            return None

    opener = urllib.request.build_opener(NoRedirect)
    opener.open(_request(f"{base}/check/"), timeout=120).read()  # the first request loads the application
    for request in requests:
        try:
            opener.open(request, timeout=60).read()
        except urllib.error.HTTPError as error:
            error.read()
    with socket.create_connection(("127.0.0.1", port), timeout=60) as raw:  # an unencoded space in the query
        raw.sendall(f"GET /children/?q={NAME} HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n".encode())
        raw.recv(65536)


def _server_env() -> dict[str, str]:
    database = connection.settings_dict
    host, port = database["HOST"] or "127.0.0.1", database["PORT"] or 5432
    url = f"postgres://{database['USER']}:{database['PASSWORD']}@{host}:{port}/{database['NAME']}"
    return {**os.environ, "PANTAU_ENV": "test", "PANTAU_DATABASE_URL": url, "PYTHONUNBUFFERED": "1"}


def _run(command: list[str], port: int) -> str:
    process = subprocess.Popen(  # noqa: S603
        command, cwd=ROOT, env=_server_env(), stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True
    )
    try:
        _wait(port, process)
        _hit(port)
        time.sleep(0.5)
    finally:
        process.terminate()
        output = process.communicate(timeout=20)[0]
    return output


@pytest.mark.django_db
def test_runserver_logs_no_name_or_nik() -> None:
    port = _free_port()
    output = _run([sys.executable, "manage.py", "runserver", f"127.0.0.1:{port}", "--noreload"], port)
    assert '"GET /check/ HTTP/1.1" 200' in output, output
    assert '"GET /children/ HTTP/1.1" 302' in output, output
    assert '"POST /check/account/ HTTP/1.1" 403' in output, output
    assert leaks(output) == [], output


def test_gunicorn_access_log_format_has_no_query_or_referrer() -> None:
    config = (ROOT / "gunicorn.conf.py").read_text()
    log_format = re.search(r"^access_log_format = '(.*)'$", config, re.MULTILINE)
    assert log_format is not None
    atoms = set(re.findall(r"%\((\{[^}]*\}[io]|[a-zA-Z]+)\)s", log_format[1]))
    assert "U" in atoms and not atoms & {"r", "q", "f", "{referer}i", "{Referer}i"}


@pytest.mark.django_db
def test_gunicorn_logs_no_name_or_nik() -> None:
    port = _free_port()
    gunicorn = str(Path(sys.executable).with_name("gunicorn"))
    output = _run(
        [gunicorn, "-c", "gunicorn.conf.py", "-b", f"127.0.0.1:{port}", "-w", "1", "pantau.wsgi"], port
    )
    assert re.search(r'"GET /check/ HTTP/1\.1" 200 \d+ \d+ms', output), output
    assert '"GET /children/ HTTP/1.1" 302' in output, output
    assert leaks(output) == [], output
