"""The import framework on its own: a made-up kind of list, the shared checking loop, the runner's
all-or-nothing outcome, the kinds registry, and the rule that the framework knows no domain app."""

from __future__ import annotations

import ast
import io
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied
from django.core.files.base import ContentFile
from django.test import RequestFactory
from django.utils import translation

from pantau.accounts.access import Perm
from pantau.accounts.models import User
from pantau.accounts.roles import Role
from pantau.audit.models import AuditEvent
from pantau.conftest import World
from pantau.imports import kinds, runner
from pantau.imports.kinds import (
    ImportKind,
    Plan,
    Problem,
    RowChecker,
    import_kind,
    kind_choices,
    register_kind,
)
from pantau.imports.models import ImportJob
from pantau.lib.spreadsheets import Column, ImportFileError, RowError

COLUMNS = [Column("nama", "text", True, "name"), Column("jumlah", "int", help="count")]
HEADER = "nama;jumlah\n"


class _Rows(RowChecker):
    """Every name once; a row named 'salah' has a problem; the file's total must stay under 100."""

    def __init__(self, user: User) -> None:
        self.seen: set[str] = set()

    def check_row(self, number: int, values: dict[str, Any]) -> tuple[Any | None, list[Problem]]:
        problems: list[Problem] = []
        if values.get("nama") == "salah":
            problems.append(("nama", "wrong name"))
        if values.get("nama") in self.seen:
            problems.append(("nama", "twice"))
        self.seen.add(values.get("nama") or "")
        return values, problems

    def check_file(self, rows: list[Any]) -> list[RowError]:
        total = sum(row.get("jumlah") or 0 for row in rows)
        return [RowError(2, "jumlah", "too many in all")] if total >= 100 else []


committed: list[Plan] = []


def _commit(user: User, plan: Plan) -> tuple[int, int]:
    if any(row["nama"] == "penuh" for row in plan.rows):
        raise ImportFileError("filled up meanwhile")
    if any(row["nama"] == "rusak" for row in plan.rows):
        raise RuntimeError("database went away")
    committed.append(plan)
    return len(plan.rows), 0


TEST_KIND = ImportKind(
    key="test",
    label="Test list",
    perm=Perm.REGISTRY_MANAGE,
    namespace="registry",
    columns=COLUMNS,
    checker=_Rows,
    commit=_commit,
    done_action="lksa.imported",
    refused_action="lksa.import_refused",
    title="Test",
    intro="",
    done_url="registry:lksa_list",
    done_message="%(total)s rows: %(created)s new, %(updated)s changed.",
    wrong_template="Not the test template: missing %(columns)s.",
    example=["Contoh", 1],
    template_filename="test.xlsx",
)


@pytest.fixture(autouse=True)
def _english() -> Iterator[None]:
    with translation.override("en"):
        yield


@pytest.fixture
def test_kind() -> Iterator[ImportKind]:
    register_kind(TEST_KIND)
    committed.clear()
    yield TEST_KIND
    del kinds._KINDS["test"]


def plan_of(text: str, **extra: Any) -> Plan:
    return TEST_KIND.plan(None, text.encode(), "a.csv", **extra)  # type: ignore[arg-type]


def test_rows_are_read_cleaned_and_checked() -> None:
    # Blank lines are not rows; a cell error and a row problem are both reported; the row count is exact.
    plan = plan_of(HEADER + "Ani;3\n;\n\nsalah;x\nAni;1\n")
    assert plan.total == 3
    assert [(e.row, e.column, e.message) for e in plan.errors] == [
        (5, "jumlah", "'x' is not a whole number."),
        (5, "nama", "wrong name"),
        (6, "nama", "twice"),
    ]
    assert plan.rows == [{"nama": "Ani", "jumlah": 3}]  # rows with problems are never committed


def test_file_checks_run_only_on_rows_without_problems() -> None:
    assert [(e.row, e.message) for e in plan_of(HEADER + "Ani;60\nBudi;50\n").errors] == [
        (2, "too many in all")
    ]
    # With a row problem the whole-file check does not run (its totals would mean nothing).
    assert [e.message for e in plan_of(HEADER + "Ani;60\nBudi;50\nsalah;1\n").errors] == ["wrong name"]


def test_file_level_refusals(monkeypatch: pytest.MonkeyPatch) -> None:
    with pytest.raises(ImportFileError, match=r"Not the test template: missing nama\."):
        plan_of("name;jumlah\nAni;1\n")
    with pytest.raises(ImportFileError, match="header but no rows"):
        plan_of(HEADER + "\n;\n")
    monkeypatch.setattr(kinds, "MAX_ROWS", 2)
    with pytest.raises(ImportFileError, match="more than 2 rows"):
        plan_of(HEADER + "A;1\nB;1\nC;1\n")


def test_progress_is_reported_every_so_many_rows(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(kinds, "PROGRESS_EVERY", 2)
    seen: list[int] = []
    plan_of(HEADER + "".join(f"N{i};1\n" for i in range(5)), progress=seen.append)
    assert seen == [2, 4]


def test_kinds_are_registered_once_and_found_by_key(test_kind: ImportKind) -> None:
    assert import_kind("test") is test_kind
    assert register_kind(test_kind) is test_kind  # the same object again is harmless (ready() twice)
    with pytest.raises(ValueError, match="registered twice"):
        register_kind(ImportKind(**{**vars(test_kind), "label": "another"}))
    with pytest.raises(LookupError):
        import_kind("nope")
    # The registry's and the children's lists are registered by their apps, and are the job's choices.
    assert {"lksa", "children", "test"} <= {key for key, _label in kind_choices()}


def _job(world: World, text: str) -> ImportJob:
    supervisor = world.user("supervisor")
    return ImportJob.objects.create(
        kind="test",
        created_by=supervisor,
        organisation=world.dinsos,
        file=ContentFile(text.encode(), name="a.csv"),
        original_name="a.csv",
    )


@pytest.mark.django_db
def test_a_clean_file_is_committed_and_audited(world: World, test_kind: ImportKind) -> None:
    job = runner.import_job_run(_job(world, HEADER + "Ani;1\nBudi;2\n").pk)
    assert (job.status, job.total_rows, job.created_count, job.error_count) == ("done", 2, 2, 0)
    assert len(committed) == 1
    event = AuditEvent.objects.get(action="lksa.imported", target_id=str(job.pk))
    assert event.changes == {"rows": 2, "created": 2, "updated": 0, "errors": 0}
    # A finished job is not run again.
    assert runner.import_job_run(job.pk).status == "done" and len(committed) == 1


@pytest.mark.django_db
def test_any_problem_refuses_the_whole_file(
    world: World, test_kind: ImportKind, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(runner, "MAX_STORED_ERRORS", 2)
    job = runner.import_job_run(_job(world, HEADER + "Ani;1\nsalah;1\nAni;1\nAni;1\n").pk)
    assert (job.status, job.error_count, len(job.errors)) == ("failed", 3, 2)  # all counted, 2 kept
    assert not committed
    assert AuditEvent.objects.filter(action="lksa.import_refused", target_id=str(job.pk)).exists()


@pytest.mark.django_db
def test_a_failing_commit_leaves_a_refused_job(world: World, test_kind: ImportKind) -> None:
    job = runner.import_job_run(_job(world, HEADER + "penuh;1\n").pk)
    assert (job.status, job.errors) == (
        "failed",
        [{"row": 1, "column": "", "message": "filled up meanwhile"}],
    )
    job = runner.import_job_run(_job(world, HEADER + "rusak;1\n").pk)
    assert job.status == "failed"
    assert job.errors[0]["message"] == "The file could not be saved; nothing was changed. Try again."


@pytest.mark.django_db
def test_an_uploader_who_lost_the_permission_imports_nothing(world: World, test_kind: ImportKind) -> None:
    job = _job(world, HEADER + "Ani;1\n")
    job.created_by.memberships.update(role=Role.VIEWER)
    job = runner.import_job_run(job.pk)
    assert job.status == "failed" and "may no longer make these changes" in job.errors[0]["message"]
    assert not committed


def test_the_framework_imports_no_domain_app() -> None:
    """Registry and children plug into pantau.imports, never the other way round."""
    root = Path(__file__).resolve().parents[1]
    found = []
    for path in root.rglob("*.py"):
        if "tests" in path.parts:
            continue
        for node in ast.walk(ast.parse(path.read_text())):
            names = [node.module or ""] if isinstance(node, ast.ImportFrom) else []
            names += [alias.name for alias in node.names] if isinstance(node, ast.Import) else []
            found += [(path.name, n) for n in names if n.startswith(("pantau.registry", "pantau.children"))]
    assert found == []


@pytest.mark.django_db
def test_template_download_lists_the_kind_columns(world: World, test_kind: ImportKind) -> None:
    from openpyxl import load_workbook

    from pantau.imports.views import import_urls

    urls = {pattern.name: pattern for pattern in import_urls(test_kind)}
    assert set(urls) == {"import_list", "import_template", "import_detail", "import_errors", "import_rerun"}
    request = RequestFactory().get("/registry/imports/template.xlsx")
    request.user = world.user("supervisor")
    response = urls["import_template"].callback(request)
    assert response["Content-Disposition"] == 'attachment; filename="test.xlsx"'
    sheet = load_workbook(io.BytesIO(response.content)).worksheets[0]
    assert [c.value for c in sheet[1]] == ["nama", "jumlah"] and [c.value for c in sheet[2]] == ["Contoh", 1]
    request.user = world.user("case_worker")  # no REGISTRY_MANAGE: refused
    with pytest.raises(PermissionDenied):
        urls["import_template"].callback(request)
