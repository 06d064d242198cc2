"""Bulk import of LKSA lists from the spreadsheets Dinas Sosial keeps (XLSX or CSV).

Every row is checked first; if any row is wrong nothing is saved and the job carries a row / column /
message report. A clean file is committed in one transaction. Re-importing the same file updates the
same homes: a row matches an existing LKSA by its registration number (no_tanda_daftar) or, without one,
by region code plus name.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, cast

from django.db import transaction
from django.db.models import Model
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from pantau.accounts.access import Perm, region_in_scope
from pantau.accounts.models import Organisation, User
from pantau.accounts.roles import OrgKind
from pantau.imports.kinds import ImportKind, Plan, Problem, RowChecker
from pantau.lib.bulk import bulk_update_fast
from pantau.lib.normalise import normalise_account_number
from pantau.lib.spreadsheets import Column, clean_cell
from pantau.regions.lookup import PlaceError, place_label, resolve_place
from pantau.regions.models import Region, normalise_region_code
from pantau.registry.models import (
    Accreditation,
    BankAccount,
    LegalEntity,
    Lksa,
    Registration,
)
from pantau.registry.relocation import lksa_move_region
from pantau.registry.selectors import lksa_visible_to
from pantau.registry.services import legality_refresh_all


def _limit(model: type[Model], field: str) -> int:
    return int(getattr(model._meta.get_field(field), "max_length", None) or 200)


def _text(name: str, model: type[Model], field: str, help: Any, required: bool = False) -> Column:
    """A text column no longer than the model field it fills (checked here, not left to the database)."""
    return Column(name, "text", required, help, max_length=_limit(model, field))


FOUNDATION_OR_PERSON = {
    "yayasan": "foundation",
    "perkumpulan": "foundation",
    "lembaga": "foundation",
    "perorangan": "person",
    "pribadi": "person",
}

COLUMNS = [
    _text("nama_lksa", Lksa, "name", gettext_lazy("Name of the home"), True),
    Column(
        "kode_wilayah",
        "region",
        True,
        gettext_lazy(
            "Kemendagri code of the village, kecamatan or kab/kota, e.g. 36.03.03.2002, or its name, e.g. "
            "Pasir Bolang, Tigaraksa"
        ),
    ),
    _text("alamat", Lksa, "address", gettext_lazy("Street address")),
    _text("telepon", Lksa, "phone", gettext_lazy("Phone number of the home")),
    Column("kapasitas", "int", help=gettext_lazy("Capacity (children)")),
    Column("jumlah_anak", "int", help=gettext_lazy("Children in care now")),
    _text(
        "nama_yayasan", LegalEntity, "name", gettext_lazy("Registered name of the foundation or association")
    ),
    Column(
        "bentuk_badan_hukum",
        "choice",
        help=gettext_lazy("yayasan or perkumpulan"),
        choices={"yayasan": "yayasan", "perkumpulan": "perkumpulan"},
        choice_error=gettext_lazy("Write 'yayasan' or 'perkumpulan'."),
    ),
    _text("no_akta", LegalEntity, "deed_number", gettext_lazy("Deed number")),
    Column("tanggal_akta", "date", help=gettext_lazy("Deed date")),
    _text("no_sk_ahu", LegalEntity, "ahu_number", gettext_lazy("Kemenkumham (AHU) decree number")),
    Column("tanggal_sk_ahu", "date", help=gettext_lazy("AHU decree date")),
    _text("npwp", LegalEntity, "npwp", gettext_lazy("Tax number")),
    _text(
        "no_tanda_daftar",
        Registration,
        "number",
        gettext_lazy("Dinas Sosial registration number (the matching key)"),
    ),
    Column("tanggal_tanda_daftar", "date", help=gettext_lazy("Registration issue date")),
    Column("tanda_daftar_berlaku_sampai", "date", help=gettext_lazy("Registration valid until")),
    Column(
        "akreditasi",
        "choice",
        help=gettext_lazy("A, B or C"),
        choices={"a": "A", "b": "B", "c": "C"},
        choice_error=gettext_lazy("Accreditation must be A, B or C."),
    ),
    _text(
        "no_sertifikat_akreditasi", Accreditation, "number", gettext_lazy("Accreditation certificate number")
    ),
    Column("tanggal_akreditasi", "date", help=gettext_lazy("Accreditation date")),
    Column("akreditasi_berlaku_sampai", "date", help=gettext_lazy("Accreditation valid until")),
    _text("bank", BankAccount, "bank", gettext_lazy("Bank name")),
    _text("no_rekening", BankAccount, "number", gettext_lazy("Account number")),
    _text(
        "nama_pemilik_rekening",
        BankAccount,
        "holder_name",
        gettext_lazy("Account holder as printed in the bank book"),
    ),
    Column(
        "rekening_atas_nama",
        "choice",
        help=gettext_lazy("yayasan or perorangan (a person)"),
        choices=FOUNDATION_OR_PERSON,
        choice_error=gettext_lazy("Write 'yayasan' or 'perorangan'."),
    ),
]
COLUMN_NAMES = [c.name for c in COLUMNS]


@dataclass
class PlannedRow:
    row: int
    values: dict[str, Any]
    lksa_id: int | None = None


def _row_rules(values: dict[str, Any]) -> list[Problem]:
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
    if values.get("tanggal_akta") and values["tanggal_akta"] > today:
        problems.append(("tanggal_akta", _("The deed date cannot be in the future.")))
    if values.get("tanggal_sk_ahu") and values["tanggal_sk_ahu"] > today:
        problems.append(("tanggal_sk_ahu", _("The AHU decree date cannot be in the future.")))
    if values.get("kapasitas") == 0:
        problems.append(("kapasitas", _("Capacity must be at least 1.")))
    return problems


class _LksaRows(RowChecker):
    """One LKSA list: regions inside the importer's jurisdiction, and which home each row describes."""

    def __init__(self, user: User) -> None:
        self.user = user
        visible = lksa_visible_to(user)
        self.regions = dict(Region.objects.filter(is_active=True, level__gte=2).values_list("code", "level"))
        # A place written by name, or an unknown code, is looked up once per distinct text in the file.
        self.places: dict[str, str | PlaceError] = {}
        self.labels: dict[str, str] = {}
        self.by_number = dict(Registration.objects.values_list("number", "lksa_id"))
        self.visible_ids = set(visible.values_list("pk", flat=True))
        self.by_name = {
            (code, name.casefold()): pk for pk, code, name in visible.values_list("pk", "region_code", "name")
        }
        self.seen_numbers: dict[str, int] = {}
        self.seen_names: dict[tuple[str, str], int] = {}
        self.seen_homes: dict[int, int] = {}

    def clean(self, column: Column, raw: Any) -> Any:
        if column.kind != "region" or raw is None or not str(raw).strip():
            return clean_cell(column, raw)
        text = " ".join(str(raw).split())
        code = normalise_region_code(text)
        if self.regions.get(code, 0) >= 2:
            return code
        if text not in self.places:
            try:
                self.places[text] = resolve_place(text, levels=(2, 3, 4)).code
            except PlaceError as error:
                self.places[text] = error
        found = self.places[text]
        if isinstance(found, PlaceError):
            raise ValueError(found.message)
        return found

    def check_row(self, number: int, values: dict[str, Any]) -> tuple[PlannedRow, list[Problem]]:
        problems: list[Problem] = []
        if values.get("kode_wilayah") and not region_in_scope(self.user, values["kode_wilayah"]):
            code = values["kode_wilayah"]
            problems.append(
                (
                    "kode_wilayah",
                    _("%(place)s (%(code)s) is outside your jurisdiction.")
                    % {"place": self.labels.setdefault(code, place_label(code)), "code": code},
                )
            )
        problems += _row_rules(values)
        planned = PlannedRow(number, values)
        registration_number = values.get("no_tanda_daftar")
        if registration_number:
            if registration_number in self.seen_numbers:
                problems.append(
                    (
                        "no_tanda_daftar",
                        _("Same registration number as row %(row)s.")
                        % {"row": self.seen_numbers[registration_number]},
                    )
                )
            self.seen_numbers[registration_number] = number
            owner = self.by_number.get(registration_number)
            if owner is not None and owner not in self.visible_ids:
                problems.append(
                    (
                        "no_tanda_daftar",
                        _("This registration number belongs to an LKSA outside your jurisdiction."),
                    )
                )
            planned.lksa_id = owner
        if values.get("nama_lksa") and values.get("kode_wilayah"):
            key = (values["kode_wilayah"], values["nama_lksa"].casefold())
            if key in self.seen_names:
                problems.append(
                    ("nama_lksa", _("The same home appears in row %(row)s.") % {"row": self.seen_names[key]})
                )
            self.seen_names[key] = number
            if planned.lksa_id is None:
                planned.lksa_id = self.by_name.get(key)
        if planned.lksa_id is not None:
            if planned.lksa_id in self.seen_homes:
                problems.append(
                    (
                        "nama_lksa",
                        _("This row and row %(row)s describe the same home.")
                        % {"row": self.seen_homes[planned.lksa_id]},
                    )
                )
            self.seen_homes[planned.lksa_id] = number
        return planned, problems


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
        moves: dict[int, str] = {}
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
            # A new region goes through lksa_move_region (below), which moves what follows the home.
            if "region_code" in changes:
                moves[home.pk] = changes.pop("region_code")
            if changes or home.pk in moves:
                for field_name, value in changes.items():
                    setattr(home, field_name, value)
                home.version += 1
                updated.append(home)
        bulk_update_fast(
            updated, [field for field in PROFILE_COLUMNS.values() if field != "region_code"] + ["version"]
        )
        bulk_update_fast([Organisation(pk=h.organisation_id, name=h.name) for h in updated], ["name"])
        for home in updated:
            if home.pk in moves:
                lksa_move_region(lksa=home, region_code=moves[home.pk], actor=user)
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


def _commit(user: User, plan: Plan) -> tuple[int, int]:
    created, updated, touched = commit_plan(user=user, plan=plan)
    legality_refresh_all(ids=sorted(touched))
    return created, updated


EXAMPLE = [
    "Panti Asuhan Contoh",
    "36.03.03.2002",
    "Jl. Contoh No. 1",
    "081234567890",
    40,
    25,
    "Yayasan Panti Asuhan Contoh",
    "yayasan",
    "12",
    "2015-03-02",
    "AHU-0012345.AH.01.04.Tahun 2015",
    "2015-04-01",
    "01.234.567.8-901.000",
    "36.03/TD-LKS/2024/001",
    "2024-01-15",
    "2027-01-14",
    "B",
    "BALKS/2024/0099",
    "2024-06-01",
    "2027-05-31",
    "BRI",
    "0123-01-000111-50-9",
    "Yayasan Panti Asuhan Contoh",
    "yayasan",
]

LKSA_IMPORT = ImportKind(
    key="lksa",
    label=gettext_lazy("LKSA list"),
    perm=Perm.REGISTRY_MANAGE,
    namespace="registry",
    columns=COLUMNS,
    checker=_LksaRows,
    commit=_commit,
    done_action="lksa.imported",
    refused_action="lksa.import_refused",
    title=gettext_lazy("Import an LKSA list"),
    intro=gettext_lazy(
        "Fill in the Pantau template (one row per home; the Guide sheet explains every column) and upload "
        "it. Rows that match a home already in Pantau, by registration number or by region and name, "
        "update it; others create new homes."
    ),
    done_url="registry:lksa_list",
    done_message=gettext_lazy("%(total)s rows imported: %(created)s new homes, %(updated)s updated."),
    wrong_template=gettext_lazy(
        "This is not the Pantau LKSA template: missing column(s) %(columns)s. "
        "Download the template and copy your data into it."
    ),
    example=EXAMPLE,
    template_filename="pantau-lksa-template.xlsx",
)
