"""Bulk import of LKSA lists from the spreadsheets Dinas Sosial keeps (XLSX or CSV).

Every row is checked first; if any row is wrong nothing is saved and the job carries a row / column /
message report. A clean file is committed in one transaction. Re-importing the same file updates the
same homes: a row matches an existing LKSA by its registration number (no_tanda_daftar) or, without one,
by region code plus name.
"""

from __future__ import annotations

import csv
import io
import logging
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any, cast

from django.db import transaction
from django.db.models import Model
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from pantau.accounts.access import Perm, has_perm, lksa_visible_to, region_in_scope
from pantau.accounts.models import Organisation, User
from pantau.accounts.roles import OrgKind
from pantau.audit.services import audit_record
from pantau.lib.bulk import bulk_update_fast
from pantau.regions.models import Region, normalise_region_code
from pantau.registry.models import (
    Accreditation,
    BankAccount,
    ImportJob,
    LegalEntity,
    Lksa,
    Registration,
    normalise_account_number,
)
from pantau.registry.services import legality_refresh_all

logger = logging.getLogger(__name__)

PROGRESS_EVERY = 500
MAX_ROWS = 100_000
MAX_STORED_ERRORS = 1000


@dataclass(frozen=True)
class Column:
    name: str
    kind: str  # text, int, date, region, grade, holder, form
    required: bool = False
    help: Any = ""


COLUMNS = [
    Column("nama_lksa", "text", True, gettext_lazy("Name of the home")),
    Column(
        "kode_wilayah",
        "region",
        True,
        gettext_lazy("Kemendagri code of the village, kecamatan or kab/kota, e.g. 36.03.03.2001"),
    ),
    Column("alamat", "text", help=gettext_lazy("Street address")),
    Column("telepon", "text", help=gettext_lazy("Phone number of the home")),
    Column("kapasitas", "int", help=gettext_lazy("Capacity (children)")),
    Column("jumlah_anak", "int", help=gettext_lazy("Children in care now")),
    Column("nama_yayasan", "text", help=gettext_lazy("Registered name of the foundation or association")),
    Column("bentuk_badan_hukum", "form", help=gettext_lazy("yayasan or perkumpulan")),
    Column("no_akta", "text", help=gettext_lazy("Deed number")),
    Column("tanggal_akta", "date", help=gettext_lazy("Deed date")),
    Column("no_sk_ahu", "text", help=gettext_lazy("Kemenkumham (AHU) decree number")),
    Column("tanggal_sk_ahu", "date", help=gettext_lazy("AHU decree date")),
    Column("npwp", "text", help=gettext_lazy("Tax number")),
    Column(
        "no_tanda_daftar", "text", help=gettext_lazy("Dinas Sosial registration number (the matching key)")
    ),
    Column("tanggal_tanda_daftar", "date", help=gettext_lazy("Registration issue date")),
    Column("tanda_daftar_berlaku_sampai", "date", help=gettext_lazy("Registration valid until")),
    Column("akreditasi", "grade", help=gettext_lazy("A, B or C")),
    Column("no_sertifikat_akreditasi", "text", help=gettext_lazy("Accreditation certificate number")),
    Column("tanggal_akreditasi", "date", help=gettext_lazy("Accreditation date")),
    Column("akreditasi_berlaku_sampai", "date", help=gettext_lazy("Accreditation valid until")),
    Column("bank", "text", help=gettext_lazy("Bank name")),
    Column("no_rekening", "text", help=gettext_lazy("Account number")),
    Column("nama_pemilik_rekening", "text", help=gettext_lazy("Account holder as printed in the bank book")),
    Column("rekening_atas_nama", "holder", help=gettext_lazy("yayasan or perorangan (a person)")),
]
COLUMN_NAMES = [c.name for c in COLUMNS]
BY_NAME = {c.name: c for c in COLUMNS}


def _limit(model: type[Model], field: str) -> int:
    return int(getattr(model._meta.get_field(field), "max_length", None) or 200)


# Text columns may be no longer than the model field they fill (checked here, not left to the database).
TEXT_LIMITS = {
    "nama_lksa": _limit(Lksa, "name"),
    "alamat": _limit(Lksa, "address"),
    "telepon": _limit(Lksa, "phone"),
    "nama_yayasan": _limit(LegalEntity, "name"),
    "no_akta": _limit(LegalEntity, "deed_number"),
    "no_sk_ahu": _limit(LegalEntity, "ahu_number"),
    "npwp": _limit(LegalEntity, "npwp"),
    "no_tanda_daftar": _limit(Registration, "number"),
    "no_sertifikat_akreditasi": _limit(Accreditation, "number"),
    "bank": _limit(BankAccount, "bank"),
    "no_rekening": _limit(BankAccount, "number"),
    "nama_pemilik_rekening": _limit(BankAccount, "holder_name"),
}


class ImportFileError(Exception):
    """The file as a whole cannot be read (wrong type, wrong template, merged cells...)."""


@dataclass
class RowError:
    row: int
    column: str
    message: str


@dataclass
class PlannedRow:
    row: int
    values: dict[str, Any]
    lksa_id: int | None = None


@dataclass
class Plan:
    rows: list[PlannedRow] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)
    total: int = 0


# --- Reading --------------------------------------------------------------------------------------


def _header(cells: list[Any]) -> list[str]:
    return [re.sub(r"\s+", "_", str(c or "").strip().lower()) for c in cells]


def read_rows(data: bytes, filename: str) -> tuple[list[str], Iterator[tuple[int, list[Any]]]]:
    if data[:4] == b"PK\x03\x04":
        return _read_xlsx(data)
    if filename.lower().endswith((".xlsx", ".xls", ".xlsm")):
        raise ImportFileError(_("The file is not a valid Excel (.xlsx) workbook."))
    return _read_csv(data)


def _read_xlsx(data: bytes) -> tuple[list[str], Iterator[tuple[int, list[Any]]]]:
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(io.BytesIO(data), data_only=True)
    except Exception:  # openpyxl raises many kinds for a damaged file
        raise ImportFileError(_("The Excel file could not be opened; it may be damaged.")) from None
    sheet = workbook.worksheets[0]
    if sheet.merged_cells.ranges:
        ranges = ", ".join(str(r) for r in list(sheet.merged_cells.ranges)[:5])
        raise ImportFileError(
            _("The sheet has merged cells (%(ranges)s). Unmerge them: every row must describe one home.")
            % {"ranges": ranges}
        )
    rows = sheet.iter_rows(values_only=True)
    header = _header(list(next(rows, [])))
    return header, ((number, list(values)) for number, values in enumerate(rows, start=2))


def _read_csv(data: bytes) -> tuple[list[str], Iterator[tuple[int, list[Any]]]]:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = data.decode("cp1252", errors="replace")  # Excel on Windows saves CSV this way
    sample = text[:4096]
    try:
        dialect: Any = csv.Sniffer().sniff(sample, delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    reader = csv.reader(io.StringIO(text), dialect)
    header = _header(next(reader, []))
    return header, ((number, values) for number, values in enumerate(reader, start=2))


# --- Validating -----------------------------------------------------------------------------------

_DATE_FORMATS = ("%Y-%m-%d", "%d/%m/%Y", "%d-%m-%Y", "%d.%m.%Y")


def _parse_date(value: Any) -> date:
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    text = str(value).strip()
    for fmt in _DATE_FORMATS:
        try:
            return datetime.strptime(text, fmt).date()  # noqa: DTZ007  (a calendar date, no time)
        except ValueError:
            continue
    raise ValueError(_("'%(value)s' is not a date; write YYYY-MM-DD or DD/MM/YYYY.") % {"value": text})


def _clean(column: Column, raw: Any, regions: dict[str, int]) -> Any:
    if raw is None or (isinstance(raw, str) and not raw.strip()):
        if column.required:
            raise ValueError(_("Required."))
        return None
    if column.kind == "text":
        text = str(raw).strip()
        limit = TEXT_LIMITS.get(column.name, 200)
        if len(text) > limit:
            raise ValueError(_("At most %(max)s characters.") % {"max": limit})
        return text
    if column.kind == "int":
        try:
            number = int(float(str(raw).strip()))
        except (ValueError, OverflowError):
            raise ValueError(_("'%(value)s' is not a whole number.") % {"value": raw}) from None
        if number < 0 or number > 100_000:
            raise ValueError(_("%(value)s is out of range.") % {"value": number})
        return number
    if column.kind == "date":
        return _parse_date(raw)
    if column.kind == "region":
        code = normalise_region_code(str(raw))
        level = regions.get(code)
        if level is None or level < 2:
            raise ValueError(
                _("Unknown region code %(code)s (give a kabupaten/kota, kecamatan or village).")
                % {"code": code}
            )
        return code
    if column.kind == "grade":
        grade = str(raw).strip().upper()
        if grade not in ("A", "B", "C"):
            raise ValueError(_("Accreditation must be A, B or C."))
        return grade
    if column.kind == "holder":
        holder = str(raw).strip().lower()
        mapping = {
            "yayasan": "foundation",
            "perkumpulan": "foundation",
            "lembaga": "foundation",
            "perorangan": "person",
            "pribadi": "person",
        }
        if holder not in mapping:
            raise ValueError(_("Write 'yayasan' or 'perorangan'."))
        return mapping[holder]
    if column.kind == "form":
        form = str(raw).strip().lower()
        if form not in ("yayasan", "perkumpulan"):
            raise ValueError(_("Write 'yayasan' or 'perkumpulan'."))
        return form
    raise AssertionError(column.kind)


def _row_rules(values: dict[str, Any]) -> list[tuple[str, str]]:
    """Checks that span columns: (column, message)."""
    problems = []
    today = timezone.localdate()
    for start, end in (
        ("tanggal_tanda_daftar", "tanda_daftar_berlaku_sampai"),
        ("tanggal_akreditasi", "akreditasi_berlaku_sampai"),
    ):
        if values.get(start) and values.get(end) and values[end] <= values[start]:
            problems.append((end, _("The end date must be after the issue date.")))
        if values.get(start) and values[start] > today:
            problems.append((start, _("The issue date cannot be in the future.")))
    if values.get("no_tanda_daftar") and not values.get("tanggal_tanda_daftar"):
        problems.append(("tanggal_tanda_daftar", _("A registration number needs its issue date.")))
    if values.get("akreditasi") and not (
        values.get("no_sertifikat_akreditasi") and values.get("tanggal_akreditasi")
    ):
        problems.append(
            ("no_sertifikat_akreditasi", _("An accreditation needs its certificate number and date."))
        )
    if values.get("no_rekening"):
        if len(normalise_account_number(values["no_rekening"])) < 6:
            problems.append(("no_rekening", _("An account number has at least 6 digits.")))
        for needed in ("bank", "nama_pemilik_rekening", "rekening_atas_nama"):
            if not values.get(needed):
                problems.append((needed, _("Required when an account number is given.")))
    if values.get("nama_yayasan") and not (values.get("no_akta") and values.get("tanggal_akta")):
        problems.append(("no_akta", _("A legal entity needs its deed number and date.")))
    if values.get("kapasitas") == 0:
        problems.append(("kapasitas", _("Capacity must be at least 1.")))
    return problems


def plan_import(*, user: User, data: bytes, filename: str, job: ImportJob | None = None) -> Plan:
    """Read and check every row; nothing is written."""
    header, rows = read_rows(data, filename)
    missing = [c.name for c in COLUMNS if c.required and c.name not in header]
    if missing:
        raise ImportFileError(
            _(
                "This is not the Pantau LKSA template: missing column(s) %(columns)s. "
                "Download the template and copy your data into it."
            )
            % {"columns": ", ".join(missing)}
        )
    positions = {name: header.index(name) for name in COLUMN_NAMES if name in header}
    visible = lksa_visible_to(user)
    regions = dict(Region.objects.filter(is_active=True, level__gte=2).values_list("code", "level"))
    by_number = dict(Registration.objects.values_list("number", "lksa_id"))
    visible_ids = set(visible.values_list("pk", flat=True))
    by_name = {
        (code, name.casefold()): pk for pk, code, name in visible.values_list("pk", "region_code", "name")
    }

    plan = Plan()
    seen_numbers: dict[str, int] = {}
    seen_names: dict[tuple[str, str], int] = {}
    seen_homes: dict[int, int] = {}
    for number, cells in rows:
        if not any(c not in (None, "") and str(c).strip() for c in cells):
            continue  # blank lines between blocks are common in hand-kept sheets
        plan.total += 1
        if plan.total > MAX_ROWS:
            raise ImportFileError(_("The file has more than %(max)s rows; split it.") % {"max": MAX_ROWS})
        values: dict[str, Any] = {}
        row_errors: list[RowError] = []
        for name, position in positions.items():
            raw = cells[position] if position < len(cells) else None
            try:
                values[name] = _clean(BY_NAME[name], raw, regions)
            except ValueError as error:
                row_errors.append(RowError(number, name, str(error)))
        if (
            "kode_wilayah" in values
            and values["kode_wilayah"]
            and not region_in_scope(user, values["kode_wilayah"])
        ):
            row_errors.append(
                RowError(number, "kode_wilayah", _("This region is outside your jurisdiction."))
            )
        row_errors += [RowError(number, column, message) for column, message in _row_rules(values)]
        planned = PlannedRow(number, values)
        registration_number = values.get("no_tanda_daftar")
        if registration_number:
            if registration_number in seen_numbers:
                row_errors.append(
                    RowError(
                        number,
                        "no_tanda_daftar",
                        _("Same registration number as row %(row)s.")
                        % {"row": seen_numbers[registration_number]},
                    )
                )
            seen_numbers[registration_number] = number
            owner = by_number.get(registration_number)
            if owner is not None and owner not in visible_ids:
                row_errors.append(
                    RowError(
                        number,
                        "no_tanda_daftar",
                        _("This registration number belongs to an LKSA outside your jurisdiction."),
                    )
                )
            planned.lksa_id = owner
        if values.get("nama_lksa") and values.get("kode_wilayah"):
            key = (values["kode_wilayah"], values["nama_lksa"].casefold())
            if key in seen_names:
                row_errors.append(
                    RowError(
                        number,
                        "nama_lksa",
                        _("The same home appears in row %(row)s.") % {"row": seen_names[key]},
                    )
                )
            seen_names[key] = number
            if planned.lksa_id is None:
                planned.lksa_id = by_name.get(key)
        if planned.lksa_id is not None:
            if planned.lksa_id in seen_homes:
                row_errors.append(
                    RowError(
                        number,
                        "nama_lksa",
                        _("This row and row %(row)s describe the same home.")
                        % {"row": seen_homes[planned.lksa_id]},
                    )
                )
            seen_homes[planned.lksa_id] = number
        plan.errors += row_errors
        plan.rows.append(planned)
        if job is not None and plan.total % PROGRESS_EVERY == 0:
            ImportJob.objects.filter(pk=job.pk).update(processed_rows=plan.total)
    if plan.total == 0:
        raise ImportFileError(_("The file has a header but no rows."))
    return plan


# --- Committing -----------------------------------------------------------------------------------

PROFILE_COLUMNS = {
    "nama_lksa": "name",
    "kode_wilayah": "region_code",
    "alamat": "address",
    "telepon": "phone",
    "kapasitas": "capacity",
    "jumlah_anak": "children_count",
}


def commit_plan(*, user: User, plan: Plan) -> tuple[int, int, set[int]]:
    """Write a clean plan in one transaction with bulk statements.

    Returns (homes created, homes whose profile changed, ids of every home with any change)."""
    with transaction.atomic():
        existing = {h.pk: h for h in Lksa.objects.filter(pk__in={r.lksa_id for r in plan.rows if r.lksa_id})}
        new_rows = [r for r in plan.rows if r.lksa_id is None]
        organisations = [
            Organisation(name=r.values["nama_lksa"], kind=OrgKind.LKSA, region_id=r.values["kode_wilayah"])
            for r in new_rows
        ]
        Organisation.objects.bulk_create(organisations, batch_size=1000)
        created = [
            Lksa(
                organisation=o,
                **{
                    field: r.values.get(col) or "" if field in ("address", "phone") else r.values.get(col)
                    for col, field in PROFILE_COLUMNS.items()
                },
            )
            for r, o in zip(new_rows, organisations, strict=True)
        ]
        Lksa.objects.bulk_create(created, batch_size=1000)
        for row, new_home in zip(new_rows, created, strict=True):
            row.lksa_id = new_home.pk
        updated: list[Lksa] = []
        for row in plan.rows:
            home = existing.get(row.lksa_id or 0)
            if home is None:
                continue
            # Only what the file changes is written: re-importing an unchanged file touches nothing.
            changes = {
                field_name: row.values[column]
                for column, field_name in PROFILE_COLUMNS.items()
                if row.values.get(column) is not None and getattr(home, field_name) != row.values[column]
            }
            if changes:
                for field_name, value in changes.items():
                    setattr(home, field_name, value)
                home.version += 1
                updated.append(home)
        bulk_update_fast(updated, [*PROFILE_COLUMNS.values(), "version"])
        bulk_update_fast(
            [Organisation(pk=h.organisation_id, name=h.name, region_id=h.region_code) for h in updated],
            ["name", "region"],
        )
        touched = _upsert_records(plan) | {h.pk for h in created} | {h.pk for h in updated}
    return len(created), len(updated), touched


def _upsert_records(plan: Plan) -> set[int]:
    """Create or update the records the rows describe; returns the ids of homes whose records changed."""
    ids = [r.lksa_id for r in plan.rows]
    entities = {e.lksa_id: e for e in LegalEntity.objects.filter(lksa_id__in=ids)}
    registrations = {
        r.number: r
        for r in Registration.objects.filter(
            number__in=[
                row.values["no_tanda_daftar"] for row in plan.rows if row.values.get("no_tanda_daftar")
            ]
        )
    }
    accreditations = {(a.lksa_id, a.number): a for a in Accreditation.objects.filter(lksa_id__in=ids)}
    accounts = {(a.lksa_id, a.number_digits): a for a in BankAccount.objects.filter(lksa_id__in=ids)}
    new: dict[type[Model], list[Any]] = {
        LegalEntity: [],
        Registration: [],
        Accreditation: [],
        BankAccount: [],
    }
    changed: dict[type[Model], list[Any]] = {
        LegalEntity: [],
        Registration: [],
        Accreditation: [],
        BankAccount: [],
    }

    fields: dict[type[Model], list[str]] = {
        LegalEntity: ["form", "name", "deed_number", "deed_date", "ahu_number", "ahu_date", "npwp"],
        Registration: ["lksa_id", "issued_on", "valid_until"],
        Accreditation: ["grade", "issued_on", "valid_until"],
        BankAccount: ["bank", "number", "holder_name", "holder_kind"],
    }
    touched: set[int] = set()

    def put(
        model: type[Model],
        instance: Any,
        is_new: bool,
        before: tuple[Any, ...] | None,
        after: tuple[Any, ...],
    ) -> None:
        if is_new or before != after:
            (new if is_new else changed)[model].append(instance)
            touched.add(instance.lksa_id)

    for row in plan.rows:
        v, lksa_id = row.values, cast(int, row.lksa_id)  # set for every row by commit_plan
        if v.get("nama_yayasan"):
            entity = entities.get(lksa_id) or LegalEntity(lksa_id=lksa_id)
            is_new = entity.pk is None
            before = _values(entity, fields[LegalEntity])
            entity.form, entity.name = v.get("bentuk_badan_hukum") or "yayasan", v["nama_yayasan"]
            entity.deed_number, entity.deed_date = v["no_akta"], v["tanggal_akta"]
            entity.ahu_number, entity.ahu_date = v.get("no_sk_ahu") or "", v.get("tanggal_sk_ahu")
            entity.npwp = v.get("npwp") or ""
            put(LegalEntity, entity, is_new, before, _values(entity, fields[LegalEntity]))
        if v.get("no_tanda_daftar"):
            registration = registrations.get(v["no_tanda_daftar"]) or Registration(
                number=v["no_tanda_daftar"]
            )
            is_new = registration.pk is None
            before = _values(registration, fields[Registration])
            registration.lksa_id = lksa_id
            registration.issued_on, registration.valid_until = (
                v["tanggal_tanda_daftar"],
                v.get("tanda_daftar_berlaku_sampai"),
            )
            put(Registration, registration, is_new, before, _values(registration, fields[Registration]))
        if v.get("akreditasi"):
            key = (lksa_id, v["no_sertifikat_akreditasi"])
            accreditation = accreditations.get(key) or Accreditation(lksa_id=lksa_id, number=key[1])
            is_new = accreditation.pk is None
            before = _values(accreditation, fields[Accreditation])
            accreditation.grade, accreditation.issued_on = v["akreditasi"], v["tanggal_akreditasi"]
            accreditation.valid_until = v.get("akreditasi_berlaku_sampai")
            put(Accreditation, accreditation, is_new, before, _values(accreditation, fields[Accreditation]))
        if v.get("no_rekening"):
            digits = normalise_account_number(v["no_rekening"])
            account = accounts.get((lksa_id, digits)) or BankAccount(lksa_id=lksa_id, number_digits=digits)
            is_new = account.pk is None
            before = _values(account, fields[BankAccount])
            account.bank, account.number = v["bank"], v["no_rekening"]
            account.holder_name, account.holder_kind = v["nama_pemilik_rekening"], v["rekening_atas_nama"]
            put(BankAccount, account, is_new, before, _values(account, fields[BankAccount]))
    for model, rows in new.items():
        model._default_manager.bulk_create(rows, batch_size=1000)
    for model, rows in changed.items():
        bulk_update_fast(rows, [f.removesuffix("_id") for f in fields[model]])
    return touched


def _values(instance: Model, names: list[str]) -> tuple[Any, ...]:
    return tuple(getattr(instance, name) for name in names)


def import_job_run(job_id: int) -> ImportJob:
    """Validate, then (if clean) commit one uploaded file. Safe to call from a worker."""
    job = ImportJob.objects.select_related("created_by").get(pk=job_id)
    if not job.running:
        return job
    ImportJob.objects.filter(pk=job.pk).update(status=ImportJob.Status.VALIDATING)
    with job.file.open("rb") as handle:
        data = handle.read()
    try:
        if not has_perm(job.created_by, Perm.REGISTRY_MANAGE):
            raise ImportFileError(_("The person who uploaded this file may no longer change the registry."))
        plan = plan_import(user=job.created_by, data=data, filename=job.original_name, job=job)
    except ImportFileError as error:
        plan = Plan(errors=[RowError(1, "", str(error))])
    except Exception:
        # Whatever went wrong, the job must not hang in "checking rows" and nothing is half-written.
        logger.exception("import %s failed", job.pk)
        plan = Plan(errors=[RowError(1, "", _("The file could not be processed. Nothing was saved."))])
    job.total_rows = job.processed_rows = plan.total
    job.errors = [vars(e) for e in plan.errors[:MAX_STORED_ERRORS]]
    job.error_count = len(plan.errors)
    if not plan.errors:
        try:
            job.created_count, job.updated_count, touched = commit_plan(user=job.created_by, plan=plan)
            legality_refresh_all(ids=sorted(touched))
        except Exception:
            logger.exception("import %s could not be committed", job.pk)
            plan.errors = [RowError(1, "", _("The file could not be saved; nothing was changed. Try again."))]
            job.error_count = 1
            job.errors = [vars(plan.errors[0])]
    job.status = ImportJob.Status.FAILED if plan.errors else ImportJob.Status.DONE
    job.finished_at = timezone.now()
    job.save()
    audit_record(
        action="lksa.imported" if job.status == ImportJob.Status.DONE else "lksa.import_refused",
        actor=job.created_by,
        target=job,
        target_label=job.original_name,
        changes={
            "rows": job.total_rows,
            "created": job.created_count,
            "updated": job.updated_count,
            "errors": job.error_count,
        },
    )
    return job
