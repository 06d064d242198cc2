"""A linkage run does not narrate its training (issue 15 §6: bin/demo printed ~370 lines of Splink's
INFO), and Splink's errors still reach the logs."""

from __future__ import annotations

import logging
from collections.abc import Iterator

import pytest

from pantau.linkage import engine
from pantau.linkage.tests.test_engine import PEOPLE


class Records(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.DEBUG)
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record)


@pytest.fixture
def splink_records() -> Iterator[Records]:
    handler = Records()
    logger = logging.getLogger("splink")
    logger.addHandler(handler)
    yield handler
    logger.removeHandler(handler)


def test_a_run_logs_no_splink_info(splink_records: Records) -> None:
    engine.run(engine.prepare(PEOPLE))
    assert [r.getMessage() for r in splink_records.records if r.levelno < logging.WARNING] == []
    # engine.connect sets ERROR; Splink's Linker no longer resets it to INFO (log_level=None).
    assert logging.getLogger("splink").getEffectiveLevel() == logging.ERROR
