"""The labelled posts shipped with Pantau (``monitoring/dataset``), and reading post files.

``train/`` is what the model and the indicator table are fitted and tuned on. ``heldout/`` was written
separately, by other writers, and is only ever scored: nothing is tuned on it (see CODEBOOK.md).
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from pantau.monitoring.screening.screener import PostInput

DATASET = Path(__file__).resolve().parent.parent / "dataset"
POSITIVE_CATEGORIES = (
    "live_gift",
    "donation_child",
    "pity",
    "identity",
    "tourism_work",
    "baby_sale",
    "recruitment",
    "sexual",
    "fundraising_gap",
)
NEGATIVE_CATEGORIES = (
    "news",
    "awareness",
    "activity",
    "permitted_fundraising",
    "legal_adoption",
    "benign_other",
    "mild",
)


class LineError(ValueError):
    """A post line that cannot be used; the message says why (in the reader's language)."""


@dataclass(frozen=True)
class Labelled:
    post: PostInput
    label: int
    category: str


def _int_or_none(value: Any, name: str) -> int | None:
    if value is None or value == "":
        return None
    if isinstance(value, bool) or not isinstance(value, int | str):
        raise LineError(name)
    try:
        number = int(value)
    except ValueError as error:
        raise LineError(name) from error
    if number < 0:
        raise LineError(name)
    return number


def _bool(value: Any, name: str) -> bool:
    if value is None or value == "":
        return False
    if isinstance(value, bool):
        return value
    if isinstance(value, str) and value.strip().lower() in {
        "true",
        "1",
        "ya",
        "yes",
        "false",
        "0",
        "tidak",
        "no",
    }:
        return value.strip().lower() in {"true", "1", "ya", "yes"}
    if isinstance(value, int):
        return bool(value)
    raise LineError(name)


def _datetime(value: Any, name: str) -> datetime | None:
    if value is None or value == "":
        return None
    if not isinstance(value, str):
        raise LineError(name)
    try:
        return datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError as error:
        raise LineError(name) from error


def post_from(record: dict[str, Any]) -> PostInput:
    """A post from one decoded JSON object; ``LineError(field)`` names the first unusable field."""
    post_id = record.get("id")
    if post_id is None or isinstance(post_id, bool | dict | list) or str(post_id).strip() == "":
        raise LineError("id")
    text = record.get("text", "")
    if text is None:
        text = ""
    if not isinstance(text, str):
        raise LineError("text")
    return PostInput(
        id=str(post_id).strip(),
        text=text,
        platform=str(record.get("platform") or "").strip().lower(),
        account=str(record.get("account") or "").strip(),
        posted_at=_datetime(record.get("posted_at"), "posted_at"),
        is_live=_bool(record.get("is_live"), "is_live"),
        gift_count=_int_or_none(record.get("gift_count"), "gift_count"),
        url=str(record.get("url") or "").strip(),
    )


def read_labelled(part: str) -> list[Labelled]:
    """Every labelled post of ``train`` or ``heldout``, in file and line order."""
    rows: list[Labelled] = []
    for path in sorted((DATASET / part).glob("*.jsonl")):
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.strip():
                record = json.loads(line)
                rows.append(Labelled(post_from(record), int(record["label"]), record["category"]))
    return rows


def iter_jsonl(path: Path) -> Iterator[tuple[int, str]]:
    with path.open(encoding="utf-8", errors="replace") as handle:
        yield from enumerate(handle, start=1)
