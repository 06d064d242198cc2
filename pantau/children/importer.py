"""Bulk import of an LKSA's or a region's children list (XLSX or CSV), all or nothing.

Every row is checked first (the same rules as admission on the form); one broken row refuses the whole
file and the report names it. Re-importing a file is idempotent: a row matches a child already in that
LKSA by NIK or, without one, by name and date of birth, and only what changed is written. An import
never erases: empty cells keep what the record has, and admission facts (date, assessment) are not
rewritten.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db import transaction
from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from pantau.accounts.access import Perm, actor_of, records_for_an_office
from pantau.accounts.models import User
from pantau.accounts.roles import OrgKind
from pantau.audit.services import audit_record_many
from pantau.children import summary
from pantau.children.admission import admission_problems, capacity_problem, registration_problem
from pantau.children.duplicates import detection as duplicate_detection
from pantau.children.identifiers import IDENTIFIERS, identifier_hash, set_identifier
from pantau.children.import_columns import (
    ADMISSION_ARGUMENTS,
    COLUMNS,
    EXAMPLE,
    IDENTIFIER_COLUMNS,
    PROBLEM_COLUMN,
    PROFILE,
    PROFILE_COLUMN,
)
from pantau.children.models import (
    Child,
    DatePrecision,
    GatekeepingAssessment,
    ParentStatus,
    Placement,
)
from pantau.children.selectors import homes_for_admission
from pantau.imports.kinds import ImportKind, Plan, Problem, Progress, RowChecker
from pantau.lib.bulk import bulk_update_fast
from pantau.lib.spreadsheets import Column, ImportFileError, RowError, clean_cell
from pantau.registry.models import Lksa, Registration
from pantau.registry.services import legality_refresh_all


@dataclass
class ChildRow:
    row: int
    values: dict[str, Any]
    lksa_id: int
    child_id: int | None = None  # an existing child this row updates
    version: int = 0


@dataclass
class Home:
    pk: int
    name: str
    capacity: int | None
    in_care: int
    legality_status: str = ""


# --- Checking -------------------------------------------------------------------------------------


class _Homes:
    """The homes the importing person may admit children to, found by Pantau number or registration."""

    def __init__(self, user: User) -> None:
        homes = homes_for_admission(user).filter(is_active=True)
        self.by_pk = {
            pk: Home(pk, name, capacity, in_care, legality)
            for pk, name, capacity, in_care, legality in homes.annotate(
                current=Count("children", filter=Q(children__status=Child.Status.IN_CARE))
            ).values_list("pk", "name", "capacity", "current", "legality_status")
        }
        self.by_number = dict(Registration.objects.filter(lksa__in=homes).values_list("number", "lksa_id"))
        # An LKSA's own staff import their home's list; a Dinas Sosial names the home on every row.
        actor = actor_of(user)
        # Dinas Sosial may record children it finds in an unregistered home (admission.py); a home may not.
        self.found_by_dinsos = records_for_an_office(user)
        own_home = actor is not None and actor.organisation.kind == OrgKind.LKSA and len(self.by_pk) == 1
        self.default = next(iter(self.by_pk)) if own_home else None

    def find(self, values: dict[str, Any]) -> tuple[int | None, str]:
        """(home id, error message)."""
        if values.get("id_lksa") is not None:
            pk = values["id_lksa"]
            if pk not in self.by_pk:
                return None, _("LKSA number %(pk)s is not a home you can admit children to.") % {"pk": pk}
            return pk, ""
        if values.get("no_tanda_daftar_lksa"):
            pk = self.by_number.get(values["no_tanda_daftar_lksa"])
            if pk is None:
                return None, _("No home you can admit children to has this registration number.")
            return pk, ""
        if self.default is not None:
            return self.default, ""
        return None, _("Give the LKSA (id_lksa or no_tanda_daftar_lksa).")


class _ChildRows(RowChecker):
    """One children list: each row is an admission (the rules of children/admission.py) to a home the
    importing person may admit to; a child appears once."""

    def __init__(self, user: User) -> None:
        self.today = timezone.localdate()
        self.homes = _Homes(user)
        self.seen: dict[tuple[Any, ...], int] = {}

    def clean(self, column: Column, raw: Any) -> Any:
        value = clean_cell(column, raw)
        if value is None or column.kind not in ("nik", "kk"):
            return value
        if isinstance(
            value, float | int
        ):  # Excel keeps 15 significant digits of a number: refuse, never guess
            raise ValueError(_("Format the column as text: Excel changes the last digits of long numbers."))
        return str(value).strip()

    def check_row(self, number: int, values: dict[str, Any]) -> tuple[ChildRow | None, list[Problem]]:
        lksa_id, problem = self.homes.find(values)
        problems: list[Problem] = [("id_lksa", problem)] if problem else []
        facts: dict[str, Any] = {
            argument: values.get(column) for column, argument in ADMISSION_ARGUMENTS.items()
        }
        facts["emergency_admission"] = bool(facts["emergency_admission"])
        problems += [
            (PROBLEM_COLUMN[p.field], p.message)
            for p in admission_problems(**facts, today=self.today)
            if not p.warning
        ]
        if values.get("nik"):
            values["nik_hash"] = identifier_hash("nik", values["nik"])
            key: tuple[Any, ...] = ("nik", values["nik_hash"])
        else:
            key = (
                "name",
                lksa_id,
                (values.get("nama_lengkap") or "").casefold(),
                values.get("tanggal_lahir"),
            )
        if key in self.seen:
            column = "nik" if key[0] == "nik" else "nama_lengkap"
            problems.append((column, _("The same child as row %(row)s.") % {"row": self.seen[key]}))
        self.seen[key] = number
        return (ChildRow(number, values, lksa_id) if lksa_id is not None else None), problems

    def check_file(self, rows: list[ChildRow]) -> list[RowError]:
        return (
            _match_existing(rows) + _check_registration(rows, self.homes) + _check_capacity(rows, self.homes)
        )


def _match_existing(rows: list[ChildRow]) -> list[RowError]:
    """Point rows at the children they describe, so a re-import updates instead of admitting twice."""
    errors: list[RowError] = []
    by_nik: dict[tuple[int, str], tuple[int, int, str]] = {}
    by_name: dict[tuple[int, str, date | None], tuple[int, int, str, str]] = {}
    known = Child.objects.filter(lksa_id__in={r.lksa_id for r in rows}).values_list(
        "pk", "lksa_id", "nik_hash", "full_name", "birth_date", "version", "status"
    )
    for pk, lksa_id, nik_hash, name, born, version, status in known.iterator(chunk_size=5000):
        if nik_hash:
            by_nik[(lksa_id, nik_hash)] = (pk, version, status)
        by_name[(lksa_id, name.casefold(), born)] = (pk, version, status, nik_hash)
    for row in rows:
        v = row.values
        match = by_nik.get((row.lksa_id, v.get("nik_hash", "")))
        if match is None:
            candidate = by_name.get((row.lksa_id, v["nama_lengkap"].casefold(), v.get("tanggal_lahir")))
            if candidate is not None and candidate[3] and v.get("nik_hash") and candidate[3] != v["nik_hash"]:
                errors.append(
                    RowError(
                        row.row,
                        "nik",
                        _(
                            "A child with this name and date of birth is in this LKSA with a different "
                            "NIK: check the NIK."
                        ),
                    )
                )
                continue
            match = candidate[:3] if candidate else None
        if match is None:
            continue
        if match[2] != Child.Status.IN_CARE:
            errors.append(
                RowError(
                    row.row,
                    "nama_lengkap",
                    _("This child has left this LKSA; a return is recorded on the child's page."),
                )
            )
            continue
        row.child_id, row.version = match[0], match[1]
    return errors


def _check_registration(rows: list[ChildRow], homes: _Homes) -> list[RowError]:
    """A home not registered with Dinas Sosial admits no child, as on the form: every new row for it is
    refused (rows correcting children already on record are not admissions and pass)."""
    errors: list[RowError] = []
    for row in rows:
        home = homes.by_pk[row.lksa_id]
        if (
            row.child_id is None
            and not homes.found_by_dinsos
            and (refused := registration_problem(name=home.name, legality_status=home.legality_status))
        ):
            errors.append(RowError(row.row, PROBLEM_COLUMN[refused.field], refused.message))
    return errors


def _check_capacity(rows: list[ChildRow], homes: _Homes) -> list[RowError]:
    """A home that cannot take every child the file admits to it: reported at the first row that does
    not fit, with how many the file admits."""
    new_rows: dict[int, list[ChildRow]] = {}
    for row in rows:
        if row.child_id is None:
            new_rows.setdefault(row.lksa_id, []).append(row)
    errors: list[RowError] = []
    for pk, admitted in new_rows.items():
        home = homes.by_pk[pk]
        full = capacity_problem(
            name=home.name,
            capacity=home.capacity,
            in_care=home.in_care,
            admitting=len(admitted),
            in_file=True,
        )
        if full is not None:
            first = admitted[max(0, (home.capacity or 0) - home.in_care)]
            errors.append(RowError(first.row, PROBLEM_COLUMN[full.field], full.message))
    return errors


# --- Committing -----------------------------------------------------------------------------------


class ChangedMeanwhile(ImportFileError):
    pass


def commit_plan(user: User, plan: Plan) -> tuple[int, int]:
    """Admit the new children and correct the known ones, in one transaction with bulk statements."""
    rows: list[ChildRow] = plan.rows
    home_ids = sorted({r.lksa_id for r in rows})
    with transaction.atomic():
        # Lock the homes (in id order, as admissions do) so no admission slips past the capacity check.
        homes = {h.pk: h for h in Lksa.objects.select_for_update().filter(pk__in=home_ids).order_by("pk")}
        in_care = dict(
            Child.objects.filter(lksa_id__in=home_ids, status=Child.Status.IN_CARE)
            .values("lksa_id")
            .annotate(n=Count("pk"))
            .values_list("lksa_id", "n")
        )
        new_rows = [r for r in rows if r.child_id is None]
        created = _admit(new_rows, homes, in_care, user)
        updated = _correct([r for r in rows if r.child_id is not None], user)
        for row in new_rows:
            in_care[row.lksa_id] = in_care.get(row.lksa_id, 0) + 1
        for home in homes.values():
            home.children_count = in_care.get(home.pk, 0)
        bulk_update_fast(list(homes.values()), ["children_count"])
        legality_refresh_all(ids=home_ids)
        summary.mark_dirty(home_ids)  # bulk statements send no signals; recomputed at the next read
    return created, updated


def _admit(rows: list[ChildRow], homes: dict[int, Lksa], in_care: dict[int, int], user: User) -> int:
    adding: dict[int, int] = {}
    for row in rows:
        adding[row.lksa_id] = adding.get(row.lksa_id, 0) + 1
    for pk, count in adding.items():
        home = homes[pk]
        if capacity_problem(
            name=home.name, capacity=home.capacity, in_care=in_care.get(pk, 0), admitting=count
        ):
            raise ChangedMeanwhile(
                _("%(name)s filled up while the file was checked; nothing was saved. Check the list again.")
                % {"name": home.name}
            )
    children = []
    for row in rows:
        v, home = row.values, homes[row.lksa_id]
        child = Child(
            lksa=home,
            region_code=home.region_code,
            admitted_on=v["tanggal_masuk"],
            emergency_admission=bool(v.get("darurat")),
            **{field: _stored(column, v.get(column)) for column, field in PROFILE.items()},
        )
        if child.birth_date_precision is None:
            child.birth_date_precision = DatePrecision.EXACT if child.birth_date else DatePrecision.UNKNOWN
        for column, name in IDENTIFIER_COLUMNS.items():
            set_identifier(child, name, v.get(column) or "")
        children.append(child)
    Child.objects.bulk_create(children, batch_size=2000)
    duplicate_detection().store(children)
    Placement.objects.bulk_create(
        [
            Placement(child=c, kind=Placement.Kind.LKSA, lksa_id=c.lksa_id, started_on=c.admitted_on)
            for c in children
        ],
        batch_size=2000,
    )
    GatekeepingAssessment.objects.bulk_create(
        [
            _assessment(child, row.values)
            for child, row in zip(children, rows, strict=True)
            if row.values.get("tanggal_asesmen")
        ],
        batch_size=2000,
    )
    audit_record_many(
        action="child.admitted",
        actor=user,
        targets=(
            (
                c,
                c.region_code,
                {
                    "lksa": [None, c.lksa_id],
                    "emergency": [None, c.emergency_admission],
                    "source": [None, "import"],
                },
            )
            for c in children
        ),
    )
    return len(children)


def _stored(column: str, value: Any) -> Any:
    """Empty text cells are stored as empty strings; empty choices take the model's default."""
    if value is not None:
        return value
    if column in ("status_ibu", "status_ayah"):
        return ParentStatus.UNKNOWN
    if column in ("tanggal_lahir", "tanggal_lahir_status"):
        return None
    return ""


def _assessment(child: Child, values: dict[str, Any]) -> GatekeepingAssessment:
    return GatekeepingAssessment(
        child=child,
        assessed_on=values["tanggal_asesmen"],
        assessor=values["asesor"],
        reasons=values["alasan_tidak_bersama_keluarga"],
        agreement_signed=bool(values.get("kesepakatan_ditandatangani")),
    )


def _correct(rows: list[ChildRow], user: User) -> int:
    """Write what the file changes on children already here; refused if any was edited meanwhile."""
    if not rows:
        return 0
    fields = [*PROFILE.values(), *(f"{n}_{p}" for n in IDENTIFIERS for p in ("cipher", "hash"))]
    current = {
        c.pk: c
        for c in Child.objects.select_for_update(of=("self",))
        .filter(pk__in=[r.child_id for r in rows])
        .select_related("gatekeeping")
        .only("pk", "version", "region_code", "updated_at", "gatekeeping__id", *fields)
    }
    now = timezone.now()
    changed: list[Child] = []
    audit: list[tuple[Child, str, dict[str, Any]]] = []
    assessments: list[GatekeepingAssessment] = []
    for row in rows:
        child = current[row.child_id or 0]
        if child.version != row.version:
            raise ChangedMeanwhile(
                _(
                    "Row %(row)s: the child's record was changed while the file was checked; "
                    "nothing was saved."
                )
                % {"row": row.row}
            )
        names = [
            field
            for column, field in PROFILE.items()
            if row.values.get(column) is not None and getattr(child, field) != row.values[column]
        ]
        for field in names:
            setattr(child, field, row.values[PROFILE_COLUMN[field]])
        for column, name in IDENTIFIER_COLUMNS.items():
            value = row.values.get(column)
            if value and identifier_hash(name, value) != getattr(child, f"{name}_hash"):
                set_identifier(child, name, value)
                names.append(name)
        if row.values.get("tanggal_asesmen") and not hasattr(child, "gatekeeping"):
            assessments.append(_assessment(child, row.values))
            names.append("gatekeeping")
        if names:
            child.version += 1
            child.updated_at = now
            changed.append(child)
            # Everything on a child's record is personal data: the trail names fields, never values.
            audit.append((child, child.region_code, {name: ["***", "***"] for name in names}))
    bulk_update_fast(changed, [*fields, "version", "updated_at"])
    duplicate_detection().store(changed)
    GatekeepingAssessment.objects.bulk_create(assessments, batch_size=2000)
    audit_record_many(action="child.updated", actor=user, targets=audit)
    return len(changed)


CHILDREN_IMPORT = ImportKind(
    key="children",
    label=gettext_lazy("Children list"),
    perm=Perm.CHILD_MANAGE,
    namespace="children",
    columns=COLUMNS,
    checker=_ChildRows,
    commit=commit_plan,
    done_action="child.imported",
    refused_action="child.import_refused",
    title=gettext_lazy("Import a children list"),
    intro=gettext_lazy(
        "Fill in the Pantau template (one row per child; the Guide sheet explains every column) and upload "
        "it. Each row is checked as an admission would be. A row that matches a child already in that LKSA, "
        "by NIK or by name and date of birth, corrects the record; empty cells never erase. Others are "
        "admitted. Uploading the same file again changes nothing."
    ),
    done_url="children:child_list",
    done_message=gettext_lazy(
        "%(total)s rows imported: %(created)s children admitted, %(updated)s records corrected."
    ),
    wrong_template=gettext_lazy(
        "This is not the Pantau children template: missing column(s) %(columns)s. "
        "Download the template and copy your data into it."
    ),
    example=EXAMPLE,
    template_filename="pantau-children-template.xlsx",
)


def plan_import(user: User, data: bytes, filename: str, progress: Progress | None = None) -> Plan:
    """Read and check every row of a children list; nothing is written."""
    return CHILDREN_IMPORT.plan(user, data, filename, progress)
