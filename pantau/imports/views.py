"""The pages every kind of import shares: upload and history, progress, error report, template.

An app includes ``import_urls(kind)`` in its urlpatterns; the pages live under its URL namespace
(``/registry/imports/``, ``/children/imports/``) and are guarded by the kind's permission.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.paginator import Paginator
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import URLPattern, path
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from pantau.accounts.access import permission_required, require
from pantau.accounts.http import user_of
from pantau.imports.forms import ImportForm
from pantau.imports.kinds import ImportKind
from pantau.imports.models import ImportJob
from pantau.imports.recovery import import_job_rerun
from pantau.imports.selectors import get_import_job_for, import_jobs_visible_to
from pantau.imports.tasks import run_import
from pantau.lib.downloads import download
from pantau.lib.spreadsheets import XLSX, csv_bytes, xlsx_bytes
from pantau.lib.storage import StorageUnavailable


def import_urls(kind: ImportKind) -> list[URLPattern]:
    """The routes of ``kind``: import_list, import_template, import_detail, import_errors, import_rerun."""

    @permission_required(kind.perm)
    def import_list(request: HttpRequest) -> HttpResponse:
        return _list_page(request, kind)

    @permission_required(kind.perm)
    def import_template(request: HttpRequest) -> HttpResponse:
        notes = [(c.name, f"{'* ' if c.required else ''}{c.help}") for c in kind.columns]
        content = xlsx_bytes(
            [c.name for c in kind.columns], [list(kind.example)], notes=notes, text_format=True
        )
        return download(content, kind.template_filename, XLSX)

    @permission_required(kind.perm)
    def import_detail(request: HttpRequest, pk: int) -> HttpResponse:
        job = get_import_job_for(request.user, pk, kind.key)
        template = "imports/_import_status.html" if request.htmx else "imports/import_detail.html"  # type: ignore[attr-defined]
        done = str(kind.done_message) % {
            "total": job.total_rows,
            "created": job.created_count,
            "updated": job.updated_count,
        }
        return render(request, template, _context(kind, job=job, errors=job.errors[:200], done_message=done))

    @permission_required(kind.perm)
    def import_errors(request: HttpRequest, pk: int) -> HttpResponse:
        job = get_import_job_for(request.user, pk, kind.key)
        rows = [(e["row"], e["column"], e["message"]) for e in job.errors]
        header = [_("row"), _("column"), _("message")]
        return download(csv_bytes(header, rows), f"import-{job.pk}-errors.csv", "text/csv")

    @require_POST
    @permission_required(kind.perm)
    def import_rerun(request: HttpRequest, pk: int) -> HttpResponse:
        job = get_import_job_for(request.user, pk, kind.key)
        if not (job.status == ImportJob.Status.FAILED and job.interrupted):
            messages.error(request, _("Only an interrupted import can be run again."))
        else:
            import_job_rerun(actor=user_of(request), job=job)
            run_import.enqueue(job.pk)
        return redirect(f"{kind.namespace}:import_detail", pk=job.pk)

    return [
        path("imports/", import_list, name="import_list"),
        path("imports/<int:pk>/rerun/", import_rerun, name="import_rerun"),
        path("imports/template.xlsx", import_template, name="import_template"),
        path("imports/<int:pk>/", import_detail, name="import_detail"),
        path("imports/<int:pk>/errors.csv", import_errors, name="import_errors"),
    ]


def _context(kind: ImportKind, **extra: Any) -> dict[str, Any]:
    names = ("import_list", "import_detail", "import_errors", "import_template", "import_rerun")
    return {"kind": kind, "urls": {name: f"{kind.namespace}:{name}" for name in names}, **extra}


def _list_page(request: HttpRequest, kind: ImportKind) -> HttpResponse:
    form = ImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        actor = require(request.user, kind.perm)
        upload = form.cleaned_data["file"]
        try:
            with transaction.atomic():  # a refused file leaves the request's connection usable
                job = ImportJob.objects.create(
                    kind=kind.key,
                    created_by=actor.user,
                    organisation=actor.organisation,
                    file=upload,
                    original_name=upload.name[:255],
                )
        except StorageUnavailable as error:  # the file is stored before the row: no job was made
            form.add_error("file", error)
        else:
            # Inline in the demo and tests; a database queue and `manage.py db_worker` in production.
            run_import.enqueue(job.pk)
            return redirect(f"{kind.namespace}:import_detail", pk=job.pk)
    jobs = Paginator(import_jobs_visible_to(request.user, kind.key), 20).get_page(request.GET.get("page"))
    return render(
        request,
        "imports/import_list.html",
        _context(kind, form=form, jobs=jobs),
        status=400 if form.errors else 200,
    )
