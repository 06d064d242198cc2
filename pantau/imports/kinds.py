"""What an app declares to have its list imported, and the checking every kind of list shares.

An app describes its list as an ``ImportKind``: the template's columns, a ``RowChecker`` (how one file's
cells are read and its rows checked, writing nothing) and a commit step (one transaction). It registers
the kind in its ``AppConfig.ready()``. The framework reads the file, skips blank lines, caps the row
count, reports progress and collects every problem by row and column; the runner (``runner.py``)
commits only a file without a single problem.

This module imports no model and nothing of ``pantau.accounts`` at run time: the access rules look a
kind's permission up here.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from django.utils.translation import gettext as _

from pantau.lib.spreadsheets import Column, ImportFileError, RowError, clean_cell, is_blank, read_rows

if TYPE_CHECKING:
    from pantau.accounts.access import Perm
    from pantau.accounts.models import User

PROGRESS_EVERY = 500
MAX_ROWS = 100_000

Progress = Callable[[int], None]
# (column, message): a problem the row checks found, reported at that column of the row.
Problem = tuple[str, str]


@dataclass
class Plan:
    """A checked file: the rows to commit (as the kind planned them), every problem, the row count."""

    rows: list[Any] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)
    total: int = 0


class RowChecker:
    """One file's checks for one person. A kind makes one per file (lookups loaded once, duplicates
    within the file remembered across rows); nothing here writes."""

    def clean(self, column: Column, raw: Any) -> Any:
        """The cell's value, or ValueError with the message to report at that cell."""
        return clean_cell(column, raw)

    def check_row(self, number: int, values: dict[str, Any]) -> tuple[Any | None, list[Problem]]:
        """The row as the commit step wants it (None: nothing to commit) and the row's problems."""
        raise NotImplementedError

    def check_file(self, rows: list[Any]) -> list[RowError]:
        """Checks across the whole file, run only when every row passed (e.g. a home's capacity)."""
        return []


@dataclass(frozen=True)
class ImportKind:
    key: str  # stored in ImportJob.kind
    label: Any
    perm: Perm  # who may import this kind, see its jobs and download the template
    namespace: str  # URL namespace whose urlpatterns include ``import_urls(kind)``
    columns: Sequence[Column]
    checker: Callable[[User], RowChecker]
    # (person, a plan without problems) -> (created, updated); one transaction. An ImportFileError
    # raised here (e.g. a home filled up meanwhile) is shown as the job's only problem.
    commit: Callable[[User, Plan], tuple[int, int]]
    done_action: str  # audit codes
    refused_action: str
    # The pages: title, introduction, where "Open the list" leads, the result line
    # (%(total)s, %(created)s, %(updated)s) and the refusal of another template (%(columns)s).
    title: Any
    intro: Any
    done_url: str
    done_message: Any
    wrong_template: Any
    example: Sequence[Any]  # one example row for the downloadable template
    template_filename: str

    def plan(self, user: User, data: bytes, filename: str, progress: Progress | None = None) -> Plan:
        """Read and check every row of ``data``; nothing is written."""
        header, rows = read_rows(data, filename)
        missing = [c.name for c in self.columns if c.required and c.name not in header]
        if missing:
            raise ImportFileError(str(self.wrong_template) % {"columns": ", ".join(missing)})
        by_position = [(c, header.index(c.name)) for c in self.columns if c.name in header]
        checker = self.checker(user)
        plan = Plan()
        for number, cells in _filled(rows):
            plan.total += 1
            if plan.total > MAX_ROWS:
                raise ImportFileError(_("The file has more than %(max)s rows; split it.") % {"max": MAX_ROWS})
            values: dict[str, Any] = {}
            errors: list[RowError] = []
            for column, position in by_position:
                try:
                    values[column.name] = checker.clean(
                        column, cells[position] if position < len(cells) else None
                    )
                except ValueError as error:
                    errors.append(RowError(number, column.name, str(error)))
            row, problems = checker.check_row(number, values)
            errors += [RowError(number, name, message) for name, message in problems]
            plan.errors += errors
            if row is not None and not errors:
                plan.rows.append(row)
            if progress is not None and plan.total % PROGRESS_EVERY == 0:
                progress(plan.total)
        if plan.total == 0:
            raise ImportFileError(_("The file has a header but no rows."))
        if not plan.errors:
            plan.errors += checker.check_file(plan.rows)
        return plan


def _filled(rows: Iterator[tuple[int, list[Any]]]) -> Iterator[tuple[int, list[Any]]]:
    # Blank lines between blocks are common in hand-kept sheets: they are not rows.
    return ((number, cells) for number, cells in rows if not is_blank(cells))


_KINDS: dict[str, ImportKind] = {}


def register_kind(kind: ImportKind) -> ImportKind:
    """Called from the owning app's ``AppConfig.ready()``."""
    if _KINDS.get(kind.key, kind) is not kind:
        raise ValueError(f"import kind {kind.key!r} is registered twice")
    _KINDS[kind.key] = kind
    return kind


def import_kind(key: str) -> ImportKind:
    """The registered kind; LookupError for an unknown key."""
    try:
        return _KINDS[key]
    except KeyError:
        raise LookupError(f"no import kind {key!r} is registered") from None


def kind_choices() -> list[tuple[str, Any]]:
    """ImportJob.kind's choices (a callable, so registering a kind needs no migration)."""
    return [(kind.key, kind.label) for kind in _KINDS.values()]
