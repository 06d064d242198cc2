"""Reading post files exported from platform tools: JSON Lines or CSV, one post per line.

Fields (README "Online monitoring"): ``id`` and ``text`` required; optional ``platform``, ``account``,
``posted_at`` (ISO 8601), ``is_live``, ``gift_count``, ``earnings_idr``, ``url``. A bad line is reported
by its number and skipped; every other line is still read.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field, replace

from django.utils.translation import gettext as _

from pantau.monitoring.models import Platform
from pantau.monitoring.screening.dataset import LineError, post_from
from pantau.monitoring.screening.screener import PostInput

FIELD_NAMES = (
    "id",
    "text",
    "platform",
    "account",
    "posted_at",
    "is_live",
    "gift_count",
    "earnings_idr",
    "url",
)
PLATFORM_ALIASES = {
    "tik tok": "tiktok",
    "ig": "instagram",
    "fb": "facebook",
    "yt": "youtube",
    "twitter": "x",
    "wa": "whatsapp",
}


@dataclass
class Line:
    number: int
    post: PostInput
    earnings_idr: int | None = None
    warnings: list[str] = field(default_factory=list)


@dataclass
class Problem:
    number: int
    message: str


def platform_of(name: str) -> str | None:
    """The platform code for a name as tools write it, or None when unknown."""
    name = PLATFORM_ALIASES.get(name.strip().lower(), name.strip().lower())
    return name if name in Platform.values else None


def _field_message(name: str) -> str:
    messages = {
        "id": _("the id is missing"),
        "text": _("the text must be a string"),
        "posted_at": _("posted_at is not an ISO 8601 date and time (2026-03-14T23:40:00+07:00)"),
        "is_live": _("is_live must be true or false"),
        "gift_count": _("gift_count must be a whole number of 0 or more"),
        "earnings_idr": _("earnings_idr must be a whole number of rupiah"),
    }
    return messages.get(name, _("the field %(field)s is not usable") % {"field": name})


def _rupiah(value: object) -> int | None:
    """Whole rupiah: 250000, "250000" or "250.000"; never a fraction or a negative amount."""
    if value is None or value == "":
        return None
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, str):
        value = value.strip().replace(".", "").replace(",", "")
        if not value.isdigit():
            raise LineError("earnings_idr")
        value = int(value)
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise LineError("earnings_idr")
    return value


def _line(number: int, record: dict[str, object]) -> Line | Problem:
    try:
        post = post_from(record)
        earnings_idr = _rupiah(record.get("earnings_idr"))
    except LineError as error:
        return Problem(number, _field_message(str(error)))
    line = Line(number, post, earnings_idr)
    if post.platform and platform_of(post.platform) is None:
        line.warnings.append(_("unknown platform “%(name)s”: kept as “other”") % {"name": post.platform[:40]})
        line.post = replace(post, platform="other")
    elif post.platform:
        line.post = replace(post, platform=platform_of(post.platform) or "other")
    return line


def read_jsonl(lines: Iterable[str]) -> Iterator[Line | Problem]:
    for number, raw in enumerate(lines, start=1):
        if not raw.strip():
            continue
        try:
            record = json.loads(raw)
        except json.JSONDecodeError as error:
            yield Problem(number, _("not valid JSON (at character %(column)d)") % {"column": error.colno})
            continue
        if not isinstance(record, dict):
            yield Problem(number, _("a line must be one JSON object {...}"))
            continue
        yield _line(number, record)


def read_csv(text: str) -> Iterator[Line | Problem]:
    sample = text[:4096]
    try:
        dialect: type[csv.Dialect] | csv.Dialect = csv.Sniffer().sniff(sample, delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    reader = csv.DictReader(io.StringIO(text), dialect=dialect)
    header = [name.strip().lower() for name in reader.fieldnames or []]
    missing = [name for name in ("id", "text") if name not in header]
    if missing:
        yield Problem(
            1, _("the header row lacks the column(s): %(columns)s") % {"columns": ", ".join(missing)}
        )
        return
    reader.fieldnames = header
    for row in reader:
        record = {key: value for key, value in row.items() if key in FIELD_NAMES}
        yield _line(reader.line_num, record)


def read(name: str, data: str) -> Iterator[Line | Problem]:
    """JSON Lines unless the file name ends in .csv."""
    if name.lower().endswith(".csv"):
        return read_csv(data)
    return read_jsonl(data.splitlines())
