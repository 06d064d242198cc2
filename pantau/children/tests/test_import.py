"""Importing children lists: row checks, all or nothing, idempotent re-import, capacity, scope and audit."""

from __future__ import annotations

import csv
import io
from collections.abc import Callable
from datetime import date, timedelta
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from openpyxl import Workbook, load_workbook

from pantau.audit.models import AuditEvent
from pantau.children.identifiers import identifier_hash, read_identifier
from pantau.children.import_columns import COLUMN_NAMES
from pantau.children.importer import ChangedMeanwhile, commit_plan, plan_import
from pantau.children.models import Child, GatekeepingAssessment, Placement
from pantau.imports.models import ImportJob
from pantau.registry.models import Lksa
from pantau.registry.tests.conftest import RegistryWorld

pytestmark = pytest.mark.django_db

TODAY = date.today()  # noqa: DTZ011


def row(**overrides: Any) -> dict[str, Any]:
    values = {
        "nama_lengkap": "Siti Nurhaliza",
        "jenis_kelamin": "P",
        "tanggal_lahir": "2014-05-17",
        "tanggal_lahir_status": "pasti",
        "nik": "3603015705140002",
        "no_kk": "3603011203100011",
        "status_ibu": "hidup",
        "status_ayah": "meninggal",
        "sumber_rujukan": "dinsos",
        "alasan_rujukan": "Ibu tidak mampu merawat",
        "tanggal_masuk": "2023-07-10",
        "tanggal_asesmen": "2023-07-03",
        "asesor": "Rina, pekerja sosial",
        "alasan_tidak_bersama_keluarga": "Ibu sakit berat",
        "kesepakatan_ditandatangani": "ya",
    }
    values.update(overrides)
    return values


def second_child(**overrides: Any) -> dict[str, Any]:
    values = dict(
        nama_lengkap="I Made Wirawan",
        jenis_kelamin="L",
        tanggal_lahir="10/02/2012",
        tanggal_lahir_status="perkiraan",
        nik="",
        no_kk="",
        status_ibu="tidak diketahui",
        status_ayah="",
        tanggal_asesmen="",
        asesor="",
        alasan_tidak_bersama_keluarga="",
        kesepakatan_ditandatangani="",
        darurat="ya",
    )
    return row(**(values | overrides))


def csv_file(rows: list[dict[str, Any]], columns: list[str] = COLUMN_NAMES) -> SimpleUploadedFile:
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";")  # as Excel saves it with Indonesian regional settings
    writer.writerow(columns)
    for values in rows:
        writer.writerow([values.get(c, "") for c in columns])
    return SimpleUploadedFile("anak.csv", buffer.getvalue().encode())


def xlsx_file(rows: list[dict[str, Any]], merge: str | None = None) -> SimpleUploadedFile:
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.append(COLUMN_NAMES)
    for values in rows:
        sheet.append([values.get(c) for c in COLUMN_NAMES])
    if merge:
        sheet.merge_cells(merge)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return SimpleUploadedFile("anak.xlsx", buffer.getvalue())


def upload(client: Client, file: SimpleUploadedFile) -> ImportJob:
    response = client.post("/children/imports/", {"file": file})
    assert response.status_code == 302, response.content.decode()[:500]
    return ImportJob.objects.latest("pk")


def errors_of(job: ImportJob) -> set[tuple[int, str]]:
    return {(e["row"], e["column"]) for e in job.errors}


def test_operator_imports_own_home_and_reimport_changes_nothing(
    registry: RegistryWorld, login: Callable[..., Client]
) -> None:
    operator = registry.world.user("lksa_operator")
    client = login(operator)
    rows = [row(), second_child()]
    job = upload(client, csv_file(rows))
    assert job.kind == "children" and job.status == "done", job.errors
    assert (job.total_rows, job.created_count, job.updated_count) == (2, 2, 0)

    siti = Child.objects.get(nik_hash=identifier_hash("nik", "3603015705140002"))
    assert siti.lksa == registry.home and siti.region_code == registry.home.region_code
    assert read_identifier(siti, "kk") == "3603011203100011" and "3603" not in siti.kk_cipher
    assert (siti.mother_status, siti.father_status, siti.emergency_admission) == ("alive", "deceased", False)
    assert GatekeepingAssessment.objects.get(child=siti).agreement_signed
    assert siti.placements.get().kind == Placement.Kind.LKSA
    made = Child.objects.get(full_name="I Made Wirawan")
    assert (made.birth_date, made.birth_date_precision) == (date(2012, 2, 10), "estimated")
    assert made.emergency_admission and not GatekeepingAssessment.objects.filter(child=made).exists()
    assert (made.mother_status, made.father_status) == ("unknown", "unknown")
    assert Lksa.objects.get(pk=registry.home.pk).children_count == 2
    admitted = AuditEvent.objects.filter(action="child.admitted", target_id__in=[siti.pk, made.pk])
    assert admitted.count() == 2 and all(e.actor == operator for e in admitted)
    assert "Siti" not in str(list(admitted.values_list("changes", "target_label")))
    assert AuditEvent.objects.filter(action="child.imported", target_id=str(job.pk)).exists()

    again = upload(client, csv_file(rows))
    assert (again.status, again.created_count, again.updated_count) == ("done", 0, 0)
    assert Child.objects.count() == 2

    corrected = upload(client, csv_file([row(tempat_lahir="Tangerang", nama_lain="Ica"), second_child()]))
    assert (corrected.status, corrected.created_count, corrected.updated_count) == ("done", 0, 1)
    siti.refresh_from_db()
    assert (siti.birth_place, siti.aliases, siti.version) == ("Tangerang", "Ica", 2)
    update = AuditEvent.objects.get(action="child.updated", target_id=str(siti.pk))
    assert update.changes == {"birth_place": ["***", "***"], "aliases": ["***", "***"]}


def test_region_import_by_supervisor_names_the_home(
    registry: RegistryWorld, login: Callable[..., Client]
) -> None:
    client = login(registry.world.user("supervisor"))
    job = upload(client, xlsx_file([row(id_lksa=registry.home.pk), second_child(id_lksa=registry.medan.pk)]))
    assert job.status == "failed" and Child.objects.count() == 0
    assert errors_of(job) == {(3, "id_lksa")}
    assert "not a home you can admit children to" in job.errors[0]["message"]
    # Without the LKSA column a Dinas Sosial cannot guess which of its homes is meant.
    job = upload(client, csv_file([row()]))
    assert job.errors[0]["message"] == "Give the LKSA (id_lksa or no_tanda_daftar_lksa)."
    job = upload(client, xlsx_file([row(id_lksa=registry.home.pk)]))
    assert job.status == "done" and Child.objects.get().lksa == registry.home


def test_broken_rows_are_named_and_nothing_is_saved(
    registry: RegistryWorld, login: Callable[..., Client]
) -> None:
    client = login(registry.world.user("lksa_operator"))
    future = (TODAY + timedelta(days=3)).isoformat()
    rows = [
        row(),
        second_child(nik="360301570514000"),  # 15 digits
        row(nama_lengkap="Anak Masa Depan", nik="", tanggal_lahir=future),
        row(
            nama_lengkap="Tanpa Asesmen",
            nik="",
            tanggal_asesmen="",
            asesor="",
            alasan_tidak_bersama_keluarga="",
        ),
        row(nama_lengkap="KK Salah", nik="", no_kk="12345"),
        row(nama_lengkap="Kelamin", nik="", jenis_kelamin="X", status_ibu="entah"),
        row(nama_lengkap="", nik=""),
        row(nama_lengkap="Masuk Sebelum Lahir", nik="", tanggal_masuk="2010-01-01"),
    ]
    job = upload(client, csv_file(rows))
    assert job.status == "failed" and Child.objects.count() == 0 and Placement.objects.count() == 0
    assert errors_of(job) == {
        (3, "nik"),
        (4, "tanggal_lahir"),
        (4, "tanggal_masuk"),  # and so admitted before being born
        (5, "tanggal_asesmen"),
        (6, "no_kk"),
        (7, "jenis_kelamin"),
        (7, "status_ibu"),
        (8, "nama_lengkap"),
        (9, "tanggal_masuk"),
    }
    messages = {(e["row"], e["column"]): e["message"] for e in job.errors}
    assert messages[(3, "nik")] == "A NIK has exactly 16 digits (this one has 15 characters)."
    assert messages[(4, "tanggal_lahir")] == "The date of birth cannot be in the future."
    assert messages[(7, "status_ibu")] == "Write 'hidup', 'meninggal' or 'tidak diketahui'."
    report = client.get(f"/children/imports/{job.pk}/errors.csv")
    assert report.status_code == 200 and "A NIK has exactly 16 digits" in report.content.decode()
    assert AuditEvent.objects.filter(action="child.import_refused", target_id=str(job.pk)).exists()


def test_the_same_child_twice_in_a_file_is_refused(registry: RegistryWorld) -> None:
    operator = registry.world.user("lksa_operator")
    plan = plan_import(
        operator, csv_file([row(), second_child(), row(nama_lengkap="Siti N.")]).read(), "a.csv"
    )
    assert [(e.row, e.column, e.message) for e in plan.errors] == [(4, "nik", "The same child as row 2.")]
    plan = plan_import(operator, csv_file([second_child(), second_child()]).read(), "a.csv")
    assert [(e.row, e.column) for e in plan.errors] == [(3, "nama_lengkap")]


def test_a_full_home_refuses_the_rows_that_do_not_fit(registry: RegistryWorld) -> None:
    Lksa.objects.filter(pk=registry.home.pk).update(capacity=2)
    operator = registry.world.user("lksa_operator")
    rows = [row(), second_child(), second_child(nama_lengkap="Yohanes Situmorang")]
    plan = plan_import(operator, csv_file(rows).read(), "a.csv")
    assert [(e.row, e.column) for e in plan.errors] == [(4, "id_lksa")]
    assert "is full from this row on" in plan.errors[0].message and "admits 3" in plan.errors[0].message
    # Two fit; if the home fills up between checking and saving, nothing is saved.
    plan = plan_import(operator, csv_file(rows[:2]).read(), "a.csv")
    assert not plan.errors
    Lksa.objects.filter(pk=registry.home.pk).update(capacity=1)
    with pytest.raises(ChangedMeanwhile):
        commit_plan(operator, plan)
    assert Child.objects.count() == 0


def test_an_edit_made_while_the_file_is_checked_is_not_overwritten(registry: RegistryWorld) -> None:
    operator = registry.world.user("lksa_operator")
    commit_plan(operator, plan_import(operator, csv_file([row()]).read(), "a.csv"))
    plan = plan_import(operator, csv_file([row(tempat_lahir="Serang")]).read(), "a.csv")
    Child.objects.update(version=5, birth_place="Cilegon")
    with pytest.raises(ChangedMeanwhile, match="Row 2"):
        commit_plan(operator, plan)
    assert Child.objects.get().birth_place == "Cilegon"


def test_reimport_does_not_readmit_a_child_who_left_or_take_a_different_nik(registry: RegistryWorld) -> None:
    operator = registry.world.user("lksa_operator")
    commit_plan(operator, plan_import(operator, csv_file([row(), second_child()]).read(), "a.csv"))
    Child.objects.filter(full_name="I Made Wirawan").update(status=Child.Status.LEFT)
    plan = plan_import(operator, csv_file([row(nik="3603015705140010"), second_child()]).read(), "a.csv")
    assert [(e.row, e.column) for e in plan.errors] == [(2, "nik"), (3, "nama_lengkap")]
    assert "different NIK" in plan.errors[0].message and "has left" in plan.errors[1].message


def test_file_level_problems(registry: RegistryWorld, login: Callable[..., Client]) -> None:
    client = login(registry.world.user("lksa_operator"))
    merged = upload(client, xlsx_file([row(), second_child()], merge="C2:C3"))
    assert merged.status == "failed" and "merged cells (C2:C3)" in merged.errors[0]["message"]
    wrong = upload(client, csv_file([{"nama": "x"}], columns=["nama", "umur"]))
    assert "not the Pantau children template" in wrong.errors[0]["message"]
    numbers = Workbook()
    sheet = numbers.active
    assert sheet is not None
    sheet.append(COLUMN_NAMES)
    sheet.append([row().get(c) for c in COLUMN_NAMES])
    sheet.cell(row=2, column=COLUMN_NAMES.index("nik") + 1, value=3603015705140000)  # Excel's number
    buffer = io.BytesIO()
    numbers.save(buffer)
    job = upload(client, SimpleUploadedFile("angka.xlsx", buffer.getvalue()))
    assert job.errors == [
        {
            "row": 2,
            "column": "nik",
            "message": "Format the column as text: Excel changes the last digits of long numbers.",
        }
    ]


def test_progress_is_reported_while_checking(registry: RegistryWorld) -> None:
    operator = registry.world.user("lksa_operator")
    Lksa.objects.filter(pk=registry.home.pk).update(capacity=None)
    rows = [second_child(nama_lengkap=f"Anak {i}") for i in range(1200)]
    seen: list[int] = []
    plan = plan_import(operator, csv_file(rows).read(), "a.csv", seen.append)
    assert not plan.errors and seen == [500, 1000] and plan.total == 1200


def test_template_and_pages(registry: RegistryWorld, login: Callable[..., Client]) -> None:
    operator = login(registry.world.user("lksa_operator"))
    template = operator.get("/children/imports/template.xlsx")
    workbook = load_workbook(io.BytesIO(template.content))
    header = [c.value for c in workbook.worksheets[0][1]]
    assert header == COLUMN_NAMES and workbook.worksheets[1].title == "Guide"
    assert workbook.worksheets[0].column_dimensions["I"].number_format == "@"  # NIK stays text
    # The example row in the template passes the checks itself.
    example = dict(zip(COLUMN_NAMES, [c.value for c in workbook.worksheets[0][2]], strict=True))
    assert not plan_import(registry.world.user("lksa_operator"), csv_file([example]).read(), "t.csv").errors
    job = upload(operator, csv_file([row()]))
    page = operator.get(f"/children/imports/{job.pk}/")
    assert "1 rows imported: 1 children admitted" in page.content.decode()
    assert operator.get("/children/imports/").content.decode().count(f"/children/imports/{job.pk}/") == 1
    # The registry's import pages do not show children imports, and the other way round.
    supervisor = login(registry.world.user("supervisor"))
    assert supervisor.get(f"/registry/imports/{job.pk}/").status_code == 404
    assert supervisor.get(f"/children/imports/{job.pk}/").status_code == 404  # another organisation's
    assert login(registry.world.user("case_worker")).get("/children/imports/").status_code == 403
