"""Importing children lists: the template, upload with its history, progress, and the error report."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext_lazy as _

from pantau.accounts.access import Perm, permission_required
from pantau.children.import_columns import COLUMNS
from pantau.registry.import_pages import (
    ImportPages,
    import_detail_page,
    import_errors_download,
    import_list_page,
    template_download,
)
from pantau.registry.models import ImportJob

CHILD_IMPORTS = ImportPages(
    kind=ImportJob.Kind.CHILDREN,
    namespace="children",
    perm=Perm.CHILD_MANAGE,
    title=_("Import a children list"),
    intro=_(
        "Fill in the Pantau template (one row per child; the Guide sheet explains every column) and upload "
        "it. Each row is checked as an admission would be. A row that matches a child already in that LKSA, "
        "by NIK or by name and date of birth, corrects the record; empty cells never erase. Others are "
        "admitted. Uploading the same file again changes nothing."
    ),
    done_url="children:child_list",
)

EXAMPLE = [
    "",
    "",
    "Siti Nurhaliza",
    "Ica",
    "P",
    "2014-05-17",
    "pasti",
    "Tangerang",
    "3603015705140002",
    "3603011203100011",
    "AL.123.0045678",
    "Siti Aminah",
    "Slamet Riyadi",
    "hidup",
    "meninggal",
    "Kec. Cikupa, Kab. Tangerang",
    "",
    "dinsos",
    "Ibu tidak mampu merawat setelah ayah meninggal; dirujuk Dinas Sosial.",
    "2023-07-10",
    "tidak",
    "2023-07-03",
    "Rina Wulandari, pekerja sosial",
    "Ibu sakit berat dan tidak ada kerabat yang dapat merawat; penelusuran keluarga berlanjut.",
    "ya",
]


@permission_required(Perm.CHILD_MANAGE)
def import_template(request: HttpRequest) -> HttpResponse:
    return template_download(COLUMNS, [EXAMPLE], "pantau-children-template.xlsx")


@permission_required(Perm.CHILD_MANAGE)
def import_list(request: HttpRequest) -> HttpResponse:
    return import_list_page(request, CHILD_IMPORTS)


@permission_required(Perm.CHILD_MANAGE)
def import_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return import_detail_page(request, CHILD_IMPORTS, pk)


@permission_required(Perm.CHILD_MANAGE)
def import_errors(request: HttpRequest, pk: int) -> HttpResponse:
    return import_errors_download(request, CHILD_IMPORTS, pk)
