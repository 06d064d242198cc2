"""The pages every kind of import shares: upload and history, progress, error report, template."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from pantau.accounts.access import Perm, get_import_job_for, import_jobs_visible_to, require
from pantau.lib.spreadsheets import XLSX, Column, csv_bytes, xlsx_bytes
from pantau.registry.forms import ImportForm
from pantau.registry.models import ImportJob
from pantau.registry.tasks import run_import


@dataclass(frozen=True)
class ImportPages:
    kind: str
    namespace: str  # URL namespace holding import_list, import_detail, import_errors, import_template
    perm: Perm
    title: Any
    intro: Any
    done_url: str


def download(content: bytes, filename: str, content_type: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "private, no-store"
    return response


def template_download(columns: Sequence[Column], examples: list[list[Any]], filename: str) -> HttpResponse:
    notes = [(c.name, f"{'* ' if c.required else ''}{c.help}") for c in columns]
    content = xlsx_bytes([c.name for c in columns], examples, notes=notes, text_format=True)
    return download(content, filename, XLSX)


def _context(pages: ImportPages, **extra: Any) -> dict[str, Any]:
    names = {name: f"{pages.namespace}:{name}" for name in ("import_list", "import_detail", "import_errors")}
    return {"pages": pages, "urls": names | {"template": f"{pages.namespace}:import_template"}, **extra}


def import_list_page(request: HttpRequest, pages: ImportPages) -> HttpResponse:
    form = ImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        actor = require(request.user, pages.perm)
        upload = form.cleaned_data["file"]
        job = ImportJob.objects.create(
            kind=pages.kind,
            created_by=actor.user,
            organisation=actor.organisation,
            file=upload,
            original_name=upload.name[:255],
        )
        # Inline in the demo and tests; a database queue and `manage.py db_worker` in production.
        run_import.enqueue(job.pk)
        return redirect(f"{pages.namespace}:import_detail", pk=job.pk)
    jobs = Paginator(import_jobs_visible_to(request.user, pages.kind), 20).get_page(request.GET.get("page"))
    return render(
        request,
        "registry/import_list.html",
        _context(pages, form=form, jobs=jobs),
        status=400 if form.errors else 200,
    )


def import_detail_page(request: HttpRequest, pages: ImportPages, pk: int) -> HttpResponse:
    job = get_import_job_for(request.user, pk, pages.kind)
    template = "registry/_import_status.html" if request.htmx else "registry/import_detail.html"  # type: ignore[attr-defined]
    return render(request, template, _context(pages, job=job, errors=job.errors[:200]))


def import_errors_download(request: HttpRequest, pages: ImportPages, pk: int) -> HttpResponse:
    job = get_import_job_for(request.user, pk, pages.kind)
    rows = [(e["row"], e["column"], e["message"]) for e in job.errors]
    return download(
        csv_bytes([_("row"), _("column"), _("message")], rows), f"import-{job.pk}-errors.csv", "text/csv"
    )
