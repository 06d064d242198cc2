"""Figures for SIMFONI-PPA (KemenPPPA's recording system) in SIMFONI's own terms, counted per victim.

One row per victim (a child in a case, ``CaseChild``): no name, no case content; a pseudonymous victim id
(a keyed hash of the record, the same in every export, so that a later export updates rather than
duplicates), sex (L/P), age band, education, bentuk kekerasan, tempat kejadian, hubungan pelaku dengan
korban, the layanan received, the kabupaten/kota code and the reported date. The per-dimension counts
are taken from these rows: a case with three children counts three victims.

The Indonesian labels follow the domain notes (rules-and-data.md §6, "SIMFONI-PPA"). There they are
taken from SIMFONI-style recap templates in public repositories, and SIMFONI's official data dictionary
is UNVERIFIED. The labels were compared with public recap code (a Laravel dashboard of a kota DP3A, PHP
recap controllers, a Filament form). That code is third-party and consistent, but it is not
KemenPPPA's own definition:

* bentuk kekerasan: Fisik, Psikis, Seksual, Eksploitasi, Trafficking, Penelantaran, Lainnya: found in
  several recap templates.
* tempat kejadian: Rumah Tangga, Tempat Kerja, Sekolah, Fasilitas Umum, Lembaga Pendidikan Kilat,
  Lainnya: found in the same templates (some newer forms add "Lembaga Pendidikan": not used here).
* hubungan pelaku dengan korban: Orang Tua, Keluarga/Saudara, Suami/Istri, Tetangga, Pacar/Teman, Guru,
  Majikan, Rekan Kerja, Lainnya: found in a recap form and dashboard. Pantau's "LKSA staff or
  caregiver" and "LKSA board or manager" have no SIMFONI term: they are reported as Lainnya (the Pantau
  code is kept in its own column so nothing is lost).
* layanan: Pengaduan, Kesehatan, Bantuan Hukum, Penegakan Hukum, Rehabilitasi Sosial, Reintegrasi
  Sosial, Pemulangan, Pendampingan Tokoh Agama: found (eight services, in this order, in a recap
  query that counts them as codes 1-8).
* age bands 0-5 (<6), 6-12, 13-17, 18-24, 25-44, 45-59, 60+: found (the same CASE WHEN bands).
* education: PAUD/TK, SD, SLTP, SLTA, PT, Tidak Sekolah: the levels match only loosely (the
  templates write TK, SD, SMP, SMA, S1/S2/S3); the exact SIMFONI labels are UNVERIFIED.
* The numeric codes SIMFONI itself stores, and its official data dictionary, are not public:
  UNVERIFIED. The export carries labels, not guessed codes.

Perpetrator relation: the recap templates keep one row per alleged person (pelaku) with its relation and
count relations per perpetrator. Counted per victim here, a victim with several alleged persons lists
every distinct relation in one column ("Orang Tua; Tetangga") and counts once under each of them in the
per-dimension counts (so that dimension's counts may add up to more than the number of victims, as
SIMFONI's own multi-answer dimensions do; UNVERIFIED whether SIMFONI dedupes the same way).

Services: "Pengaduan" is counted for every victim (every case began with a complaint or report);
"Penegakan Hukum" when the case has a police milestone (Investigation); the others from the services
recorded for the child, or for the whole case when a service names no child.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from django.db.models import QuerySet
from django.db.models.functions import Coalesce, TruncDate

from pantau.cases.models import (
    Case,
    CaseChild,
    CaseSubject,
    FormOfViolence,
    Investigation,
    PlaceOfViolence,
    Reintegration,
    Service,
)
from pantau.lib.crypto import blind_index

AGE_BANDS: list[tuple[int, int | None, str]] = [
    (0, 5, "<6"),
    (6, 12, "6-12"),
    (13, 17, "13-17"),
    (18, 24, "18-24"),
    (25, 44, "25-44"),
    (45, 59, "45-59"),
    (60, None, "60+"),
]
UNKNOWN = "Tidak diketahui"

FORM_LABELS: dict[str, str] = {
    FormOfViolence.PHYSICAL: "Fisik",
    FormOfViolence.PSYCHOLOGICAL: "Psikis",
    FormOfViolence.SEXUAL: "Seksual",
    FormOfViolence.EXPLOITATION: "Eksploitasi",
    FormOfViolence.TRAFFICKING: "Trafficking",
    FormOfViolence.NEGLECT: "Penelantaran",
    FormOfViolence.OTHER: "Lainnya",
}
PLACE_LABELS: dict[str, str] = {
    PlaceOfViolence.HOUSEHOLD: "Rumah Tangga",
    PlaceOfViolence.WORKPLACE: "Tempat Kerja",
    PlaceOfViolence.SCHOOL: "Sekolah",
    PlaceOfViolence.PUBLIC: "Fasilitas Umum",
    PlaceOfViolence.SHORT_COURSE: "Lembaga Pendidikan Kilat",
    PlaceOfViolence.OTHER: "Lainnya",
}
_R = CaseSubject.Relation
RELATION_LABELS: dict[str, str] = {
    _R.PARENT: "Orang Tua",
    _R.FAMILY: "Keluarga/Saudara",
    _R.NEIGHBOUR: "Tetangga",
    _R.FRIEND: "Pacar/Teman",
    _R.TEACHER: "Guru",
    _R.EMPLOYER: "Majikan",
    _R.CAREGIVER: "Lainnya",
    _R.MANAGER: "Lainnya",
    _R.OTHER: "Lainnya",
}
RELATION_ORDER = [
    "Orang Tua",
    "Keluarga/Saudara",
    "Suami/Istri",
    "Tetangga",
    "Pacar/Teman",
    "Guru",
    "Majikan",
    "Rekan Kerja",
    "Lainnya",
]
_E = CaseChild.Education
EDUCATION_LABELS: dict[str, str] = {
    _E.NONE: "Tidak Sekolah",
    _E.PAUD: "PAUD/TK",
    _E.SD: "SD",
    _E.SLTP: "SLTP",
    _E.SLTA: "SLTA",
    _E.PT: "PT",
}
# SIMFONI's eight services, in SIMFONI's order.
COMPLAINT, HEALTH, LEGAL_AID, LAW_ENFORCEMENT = "Pengaduan", "Kesehatan", "Bantuan Hukum", "Penegakan Hukum"
SOCIAL_REHAB, REINTEGRATION, RETURN, RELIGIOUS = (
    "Rehabilitasi Sosial",
    "Reintegrasi Sosial",
    "Pemulangan",
    "Pendampingan Tokoh Agama",
)
SERVICE_ORDER = [
    COMPLAINT,
    HEALTH,
    LEGAL_AID,
    LAW_ENFORCEMENT,
    SOCIAL_REHAB,
    REINTEGRATION,
    RETURN,
    RELIGIOUS,
]
_K = Service.Kind
# Pantau's service kinds in SIMFONI's terms; shelter and education have no SIMFONI service (not exported).
SERVICE_LABELS: dict[str, str] = {
    _K.HEALTH: HEALTH,
    _K.LEGAL_AID: LEGAL_AID,
    _K.PSYCHOSOCIAL: SOCIAL_REHAB,
    _K.REHABILITATION: SOCIAL_REHAB,
    _K.REINTEGRATION: REINTEGRATION,
    _K.RETURN: RETURN,
    _K.RELIGIOUS: RELIGIOUS,
}
SEX_LABELS = {"L": "L", "P": "P"}

VICTIM_HEADER = [
    "id_korban",
    "jenis_kelamin",
    "kelompok_usia",
    "pendidikan",
    "bentuk_kekerasan",
    "tempat_kejadian",
    "hubungan_pelaku",
    "hubungan_pelaku_pantau",
    "layanan",
    "kode_wilayah",
    "tanggal_lapor",
]


def age_band(age: int | None) -> str:
    if age is None:
        return UNKNOWN
    return next(label for low, high, label in AGE_BANDS if age >= low and (high is None or age <= high))


def victim_id(case_child_pk: int) -> str:
    """A pseudonym: stable across exports, meaningless without the server's key."""
    return "K-" + blind_index(str(case_child_pk), context="simfoni-victim")[:12].upper()


@dataclass(frozen=True)
class VictimRow:
    victim_id: str
    sex: str
    age_band: str
    education: str
    form: str
    place: str
    relations: tuple[str, ...]  # SIMFONI labels, distinct, in SIMFONI's order
    pantau_relations: tuple[str, ...]
    services: tuple[str, ...]  # SIMFONI labels, distinct, in SIMFONI's order
    region_code: str  # the kabupaten/kota (two levels of the Kemendagri code)
    reported_on: date

    def as_csv(self) -> list[str]:
        return [
            self.victim_id,
            self.sex,
            self.age_band,
            self.education,
            self.form,
            self.place,
            "; ".join(self.relations),
            "; ".join(self.pantau_relations),
            "; ".join(self.services),
            self.region_code,
            self.reported_on.isoformat(),
        ]


def cases_reported_between(cases: QuerySet[Case], start: date, end: date) -> QuerySet[Case]:
    """Cases whose reported date (``reported_on``, else the day the case was opened) is in the period."""
    # The day in local time (TruncDate uses the current time zone; a cast would take the UTC day, and a
    # case opened just after midnight in Jakarta would count on the day before).
    reported = Coalesce("reported_on", TruncDate("opened_at"))
    return cases.annotate(simfoni_reported=reported).filter(
        simfoni_reported__gte=start, simfoni_reported__lte=end
    )


def _ordered(labels: Iterable[str], order: list[str]) -> tuple[str, ...]:
    present = set(labels)
    return tuple(label for label in order if label in present)


def victim_rows(cases: QuerySet[Case], start: date, end: date) -> list[VictimRow]:
    """One row per child of the cases reported in the period; six queries whatever their number."""
    period = cases_reported_between(cases, start, end)
    case_facts = {
        row["pk"]: row
        # "simfoni_reported" is an annotation the type checker's plugin does not follow.
        for row in period.values("pk", "form_of_violence", "place", "region_code", "simfoni_reported")  # type: ignore[misc]
    }
    ids = list(case_facts)
    relations: dict[int, set[str]] = {}
    for case_id, relation in CaseSubject.objects.filter(case_id__in=ids).values_list("case_id", "relation"):
        relations.setdefault(case_id, set()).add(relation)
    enforced = set(Investigation.objects.filter(case_id__in=ids).values_list("case_id", flat=True))
    case_services: dict[int, set[str]] = {}
    child_services: dict[int, set[str]] = {}
    for case_id, child_id, kind in Service.objects.filter(case_id__in=ids).values_list(
        "case_id", "case_child_id", "kind"
    ):
        label = SERVICE_LABELS.get(kind)
        if label is None:
            continue
        if child_id is None:
            case_services.setdefault(case_id, set()).add(label)
        else:
            child_services.setdefault(child_id, set()).add(label)
    # A child's return recorded on the case (cases/recovery.py) is SIMFONI's "Pemulangan", and its
    # follow-up in the family "Reintegrasi Sosial", even when no service row says so.
    for child_id in Reintegration.objects.filter(case_child__case_id__in=ids).values_list(
        "case_child_id", flat=True
    ):
        child_services.setdefault(child_id, set()).update({RETURN, REINTEGRATION})
    rows = []
    children = CaseChild.objects.filter(case_id__in=ids).order_by("case_id", "pk")
    for pk, case_id, sex, age, education in children.values_list("pk", "case_id", "sex", "age", "education"):
        case = case_facts[case_id]
        services = {COMPLAINT} | case_services.get(case_id, set()) | child_services.get(pk, set())
        if case_id in enforced:
            services.add(LAW_ENFORCEMENT)
        pantau_relations = sorted(relations.get(case_id, set()))
        rows.append(
            VictimRow(
                victim_id=victim_id(pk),
                sex=SEX_LABELS.get(sex, UNKNOWN),
                age_band=age_band(age),
                education=EDUCATION_LABELS.get(education, UNKNOWN),
                form=FORM_LABELS.get(case["form_of_violence"], "Lainnya"),
                place=PLACE_LABELS.get(case["place"], "Lainnya"),
                relations=_ordered(
                    (RELATION_LABELS.get(r, "Lainnya") for r in pantau_relations), RELATION_ORDER
                ),
                pantau_relations=tuple(pantau_relations),
                services=_ordered(services, SERVICE_ORDER),
                region_code=".".join(case["region_code"].split(".")[:2]),
                reported_on=case["simfoni_reported"],
            )
        )
    return rows


DIMENSIONS: list[tuple[str, list[str]]] = [
    ("bentuk_kekerasan", list(FORM_LABELS.values())),
    ("tempat_kejadian", list(PLACE_LABELS.values())),
    ("hubungan_pelaku", RELATION_ORDER),
    ("layanan", SERVICE_ORDER),
    ("jenis_kelamin", ["L", "P"]),
    ("kelompok_usia", [label for _low, _high, label in AGE_BANDS]),
    ("pendidikan", list(EDUCATION_LABELS.values())),
]


def victim_counts(rows: list[VictimRow]) -> list[tuple[str, str, int]]:
    """(dimension, SIMFONI label, number of victims) for every label of every dimension (zeros included;
    "Tidak diketahui" only when some victim's value is not recorded), plus the total of victims."""
    counters: dict[str, Counter[str]] = {name: Counter() for name, _labels in DIMENSIONS}
    for row in rows:
        counters["bentuk_kekerasan"][row.form] += 1
        counters["tempat_kejadian"][row.place] += 1
        counters["hubungan_pelaku"].update(row.relations)
        counters["layanan"].update(row.services)
        counters["jenis_kelamin"][row.sex] += 1
        counters["kelompok_usia"][row.age_band] += 1
        counters["pendidikan"][row.education] += 1
    result = [("jumlah_korban", "Total", len(rows))]
    for name, labels in DIMENSIONS:
        result += [(name, label, counters[name][label]) for label in labels]
        if counters[name][UNKNOWN]:
            result.append((name, UNKNOWN, counters[name][UNKNOWN]))
    return result


def withhold_small(counts: list[tuple[str, str, int]], threshold: int = 5) -> list[tuple[str, str, str]]:
    """The counts as text, those from 1 to ``threshold - 1`` withheld (the project's rule for people who
    may not see children individually: a small group could single a child out)."""
    return [(d, v, f"<{threshold}" if 0 < n < threshold else str(n)) for d, v, n in counts]
