"""No log line keeps a query string.

What a person searched for travels in query strings (a child's name typed into a list's filter, an
account number on the public check, a ``next=`` address that carries the previous page's query), and
logs are copied, shipped and kept where the database's encryption at rest does not reach. Pantau's own
searches go by POST; this filter is the second line: every record passing through the handlers (and the
``django.server`` / ``django.request`` loggers) of ``settings.LOGGING`` has the query string of every
URL and path in it removed, tracebacks included. ``/children/?q=Siti`` is logged as ``/children/``.

This module imports nothing from Django or Pantau: ``gunicorn.conf.py`` uses it for gunicorn's error log.
"""

from __future__ import annotations

import logging
import re

# A path ("/x/y") or absolute URL followed by "?query": the query runs to whitespace, a quote or a
# fragment. Kept: scheme, host and path.
_URL_QUERY = re.compile(
    r"(?P<keep>(?:\b[a-zA-Z][a-zA-Z0-9+.-]*://[^\s/?#\"'<>]*)?/[^\s?#\"'<>]*)\?[^\s#\"'<>]*"
)
# A request line quoted inside a message ("Bad request syntax ('GET /x?q=Siti Aminah HTTP/1.1')"):
# an unencoded space may sit in its query, so it is cut up to the protocol, not to the first space.
_REQUEST_IN_TEXT = re.compile(
    r"\b(?P<method>GET|HEAD|POST|PUT|PATCH|DELETE|OPTIONS|CONNECT|TRACE) (?P<path>[^\s?]*)\?[^\n]*?"
    r"(?P<proto> HTTP/\d(?:\.\d)?)"
)
# gunicorn quotes the unparsable part of a broken request line ("Invalid request from ip=…: Invalid HTTP
# Version: 'Kusumawardhani HTTP/1.1'"), which can be the rest of a query: only the kind of error stays.
_INVALID_REQUEST = re.compile(r"^(?P<keep>Invalid request from ip=\S+: [^:'\"]*?)\s*[:'\"].*$", re.DOTALL)
_REQUEST_LINE = re.compile(r"^(?P<method>\S+) (?P<target>.*?)(?P<proto> HTTP/\d(?:\.\d)?)?$", re.DOTALL)


def scrub(text: str) -> str:
    """``text`` with the query string of every request line, URL and path in it removed."""
    text = _INVALID_REQUEST.sub(r"\g<keep>", text)
    if "?" not in text:
        return text
    text = _REQUEST_IN_TEXT.sub(r"\g<method> \g<path>\g<proto>", text)
    return _URL_QUERY.sub(r"\g<keep>", text)


def scrub_request_line(line: str) -> str:
    """An HTTP request line without its query: ``GET /children/?q=Siti Aminah HTTP/1.1`` (spaces and
    all, as a broken client may send it) becomes ``GET /children/ HTTP/1.1``."""
    match = _REQUEST_LINE.match(line)
    if match is None:
        return scrub(line)
    target = match["target"].split("?", 1)[0]
    return f"{match['method']} {target}{match['proto'] or ''}"


class QueryStringScrubber(logging.Filter):
    """Rewrites the record in place (message, arguments, traceback), so that every handler after it, and
    every formatter, sees the scrubbed text. Never drops a record."""

    def filter(self, record: logging.LogRecord) -> bool:
        if getattr(record, "query_strings_scrubbed", False):
            return True
        args = record.args
        # runserver: '"%s" %s %s' % (request line, status, size); the request line may hold spaces.
        if record.name == "django.server" and isinstance(args, tuple) and args and isinstance(args[0], str):
            args = (scrub_request_line(args[0]), *args[1:])
        try:
            message = str(record.msg) % args if args else str(record.msg)
        except (TypeError, ValueError, KeyError):
            message = record.getMessage()
        record.msg, record.args = scrub(message), ()
        if record.exc_info and not record.exc_text:
            record.exc_text = logging.Formatter().formatException(record.exc_info)
        if record.exc_text:
            record.exc_text = scrub(record.exc_text)
        if record.stack_info:
            record.stack_info = scrub(record.stack_info)
        record.query_strings_scrubbed = True
        return True
