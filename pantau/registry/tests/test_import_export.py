from __future__ import annotations

import csv
import io
from collections.abc import Callable

from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from openpyxl import Workbook, load_workbook

from pantau.audit.models import AuditEvent
from pantau.imports.models import ImportJob
from pantau.registry.importer import COLUMN_NAMES
from pantau.registry.models import BankAccount, LegalEntity, Lksa, Registration
from pantau.registry.tests.conftest import RegistryWorld

GOOD = [
    {
        "nama_lksa": "Panti Asuhan Impor Satu",
        "kode_wilayah": "36.03.03.2001",
        "kapasitas": 40,
        "jumlah_anak": 30,
        "nama_yayasan": "Yayasan Impor Satu",
        "bentuk_badan_hukum": "yayasan",
        "no_akta": "7",
        "tanggal_akta": "2010-01-05",
        "no_sk_ahu": "AHU-1",
        "no_tanda_daftar": "36.03/TD/IMP/1",
        "tanggal_tanda_daftar": "2024-02-01",
        "tanda_daftar_berlaku_sampai": "2027-01-31",
        "bank": "BRI",
        "no_rekening": "0123-45-6789",
        "nama_pemilik_rekening": "Yayasan Impor Satu",
        "rekening_atas_nama": "yayasan",
    },
    {
        "nama_lksa": "LKSA Impor Dua",
        "kode_wilayah": "3603032001",
        "kapasitas": "25",
        "jumlah_anak": "",
        "tanggal_tanda_daftar": "",
        "akreditasi": "",
    },
]


def xlsx(rows: list[dict], columns: list[str] = COLUMN_NAMES, merge: str | None = None) -> SimpleUploadedFile:
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(columns)
    for row in rows:
        sheet.append([row.get(c) for c in columns])
    if merge:
        sheet.merge_cells(merge)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return SimpleUploadedFile("daftar.xlsx", buffer.getvalue())


def upload(client: Client, file: SimpleUploadedFile) -> ImportJob:
    response = client.post("/registry/imports/", {"file": file})
    assert response.status_code == 302, response.content.decode()[:500]
    return ImportJob.objects.latest("pk")


def test_good_file_imports_everything_and_reimport_updates(
    registry: RegistryWorld, login: Callable[..., Client]
) -> None:
    client = login(registry.world.user("supervisor"))
    job = upload(client, xlsx(GOOD))
    assert job.status == "done", job.errors
    assert (job.total_rows, job.created_count, job.updated_count) == (2, 2, 0)
    home = Lksa.objects.get(name="Panti Asuhan Impor Satu")
    assert home.organisation.kind == "lksa" and home.capacity == 40
    assert Registration.objects.get(lksa=home).number == "36.03/TD/IMP/1"
    assert LegalEntity.objects.get(lksa=home).ahu_number == "AHU-1"
    assert BankAccount.objects.get(lksa=home).number_digits == "0123456789"
    assert home.legality_status == "attention"  # registered, but no accreditation or staff yet
    assert AuditEvent.objects.filter(action="lksa.imported").exists()
    # The same file again (with one change) updates instead of duplicating; the unchanged row is untouched.
    other = Lksa.objects.get(name="LKSA Impor Dua")
    changed = [dict(GOOD[0], kapasitas=50), GOOD[1]]
    again = upload(client, xlsx(changed))
    assert (again.status, again.created_count, again.updated_count) == ("done", 0, 1)
    assert Lksa.objects.get(pk=other.pk).version == other.version
    assert Lksa.objects.filter(name__contains="Impor").count() == 2
    assert Lksa.objects.get(pk=home.pk).capacity == 50
    assert Registration.objects.filter(number="36.03/TD/IMP/1").count() == 1
    page = client.get(f"/registry/imports/{again.pk}/").content.decode()
    assert "2 rows imported: 0 new homes, 1 updated." in page


def test_bad_rows_are_all_reported_and_nothing_is_saved(
    registry: RegistryWorld, login: Callable[..., Client]
) -> None:
    client = login(registry.world.user("supervisor"))
    bad = [
        GOOD[0],
        {"nama_lksa": "", "kode_wilayah": "99.99"},
        {"nama_lksa": "Luar Wilayah", "kode_wilayah": "12.71.02"},
        {
            "nama_lksa": "Tanggal Salah",
            "kode_wilayah": "36.03.03",
            "no_tanda_daftar": "X/2",
            "tanggal_tanda_daftar": "31-02-2024",
        },
        {
            "nama_lksa": "Terbalik",
            "kode_wilayah": "36.03.03",
            "no_tanda_daftar": "X/3",
            "tanggal_tanda_daftar": "2024-05-01",
            "tanda_daftar_berlaku_sampai": "2024-04-01",
            "kapasitas": "banyak",
        },
        {
            "nama_lksa": "Ganda",
            "kode_wilayah": "36.03.03",
            "no_tanda_daftar": "36.03/TD/IMP/1",
            "tanggal_tanda_daftar": "2024-01-01",
        },
    ]
    job = upload(client, xlsx(bad))
    assert job.status == "failed" and not Lksa.objects.filter(name__contains="Impor").exists()
    found = {(e["row"], e["column"]) for e in job.errors}
    assert {
        (3, "nama_lksa"),
        (3, "kode_wilayah"),
        (4, "kode_wilayah"),
        (5, "tanggal_tanda_daftar"),
        (6, "tanda_daftar_berlaku_sampai"),
        (6, "kapasitas"),
        (7, "no_tanda_daftar"),
    } <= found
    report = client.get(f"/registry/imports/{job.pk}/errors.csv")
    rows = list(csv.reader(io.StringIO(report.content.decode("utf-8-sig"))))
    assert rows[0] == ["row", "column", "message"] or rows[0] == ["baris", "kolom", "pesan"]
    assert len(rows) == job.error_count + 1


def test_wrong_template_merged_cells_and_csv(registry: RegistryWorld, login: Callable[..., Client]) -> None:
    client = login(registry.world.user("supervisor"))
    wrong = upload(client, xlsx([{"nama": "x"}], columns=["nama", "alamat"]))
    assert wrong.status == "failed" and "kode_wilayah" in wrong.errors[0]["message"]
    merged = upload(client, xlsx(GOOD, merge="A2:B2"))
    assert merged.status == "failed" and "A2:B2" in merged.errors[0]["message"]
    text = "nama_lksa;kode_wilayah;kapasitas\nPanti CSV;36.03.03.2001;12\n"
    semicolon = upload(client, SimpleUploadedFile("daftar.csv", text.encode("cp1252")))
    assert semicolon.status == "done" and Lksa.objects.filter(name="Panti CSV", capacity=12).exists()
    refused = client.post("/registry/imports/", {"file": SimpleUploadedFile("x.exe", b"MZ")})
    assert refused.status_code == 400


def test_export_is_scoped_and_neutralises_formulas(
    registry: RegistryWorld, login: Callable[..., Client]
) -> None:
    Lksa.objects.filter(pk=registry.home.pk).update(name="=HYPERLINK(evil)")
    client = login(registry.world.user("supervisor"))
    response = client.get("/registry/export.xlsx")
    sheet = load_workbook(io.BytesIO(response.content)).active
    cells = [row[0] for row in sheet.iter_rows(min_row=2)]
    # Medan is outside the jurisdiction; the formula stays text, exactly as typed.
    assert [(c.value, c.data_type) for c in cells] == [("=HYPERLINK(evil)", "s")]
    as_csv = client.get("/registry/export.csv").content.decode("utf-8-sig")
    assert "Panti Asuhan Harapan" not in as_csv and "'=HYPERLINK(evil)" in as_csv
    assert AuditEvent.objects.filter(action="lksa.exported").count() == 2


def test_row_level_edge_cases(registry: RegistryWorld, login: Callable[..., Client]) -> None:
    client = login(registry.world.user("supervisor"))
    rows = [
        {"nama_lksa": "A", "kode_wilayah": "36.03.03.2001", "kapasitas": "inf"},
        {"nama_lksa": "B", "kode_wilayah": "36.03.03.2001", "telepon": "0" * 31},
        {
            "nama_lksa": "C",
            "kode_wilayah": "36.03.03.2001",
            "no_tanda_daftar": "SAME/1",
            "tanggal_tanda_daftar": "2024-01-01",
        },
        {"nama_lksa": "c", "kode_wilayah": "36.03.03.2001"},
    ]
    job = upload(client, xlsx(rows))
    assert job.status == "failed"
    found = {(e["row"], e["column"]) for e in job.errors}
    assert {(2, "kapasitas"), (3, "telepon"), (5, "nama_lksa")} <= found
