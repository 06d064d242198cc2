"""Synthetic children in the demo homes, shaped like real LKSA data.

Every home gets as many children in care as the registry says it has (so over-capacity homes really are
over capacity), plus children who have left. Children come in families: siblings share a family card
(KK), parents and admission; some are twins; some siblings live in another home. Most have a living
parent. Some were transferred from another home; those who left went home, to kin, foster or adoptive
families, to independent living, or went missing. Care plans (some overdue), family tracing and
follow-up visits are recorded, and the data has the errors real lists have: NIKs that disagree with sex
or date of birth, estimated and unknown dates, young adults still in care, and children registered in
two homes.

Gatekeeping (issue 16): each admission has its structured reason, read from the referral's words, so
the children sent to a home for poverty or for school are flagged as they would be in life (a quarter of
them); most assessments older than 30 days were signed off by a supervisor or social worker of the
home's Dinas Sosial, some are still waiting (overdue in the sign-off queue), and recent ones mostly wait.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from django.db import models

from pantau.accounts.models import Membership
from pantau.accounts.roles import OrgKind, Role
from pantau.children.duplicates import detection as duplicate_detection
from pantau.children.identifiers import set_identifier
from pantau.children.models import (
    AdmissionReason,
    CarePlan,
    Child,
    FollowUpVisit,
    GatekeepingAssessment,
    Placement,
    TracingAttempt,
)
from pantau.lib import synth
from pantau.lib.seeding import SeedContext, seeder
from pantau.registry.models import Lksa

# The referral's words and the structured reason for admission they amount to.
REASON_CODES = {
    "Orang tua tidak mampu membiayai sekolah": AdmissionReason.POVERTY,
    "Ibu bekerja sebagai pekerja migran": AdmissionReason.FAMILY_UNABLE,
    "Ditemukan terlantar, keluarga belum diketahui": AdmissionReason.ABANDONED,
    "Korban kekerasan dalam rumah tangga": AdmissionReason.PROTECTION,
    "Yatim, kerabat tidak sanggup mengasuh": AdmissionReason.ORPHANED,
    "Orang tua bercerai, tidak ada yang mengasuh": AdmissionReason.FAMILY_UNABLE,
    "Dititipkan agar dapat bersekolah di kota": AdmissionReason.SCHOOLING,
    "Orang tua menjalani hukuman pidana": AdmissionReason.FAMILY_UNABLE,
}
REASONS = list(REASON_CODES)
SIGNED_OFF_SHARE = 0.85  # of assessments older than the 30 days allowed; the rest wait, overdue
SIGNED_OFF_RECENT_SHARE = 0.3  # of admissions still within the 30 days
# Where children go when they leave, weighted (transfers are made separately: they stay in care).
EXITS = [
    (Placement.Kind.REUNIFICATION, 42),
    (Placement.Kind.KINSHIP, 20),
    (Placement.Kind.FOSTER, 8),
    (Placement.Kind.GUARDIANSHIP, 4),
    (Placement.Kind.ADOPTION, 3),
    (Placement.Kind.INDEPENDENT, 17),
    (Placement.Kind.MISSING, 5),
    (Placement.Kind.DEATH, 1),
]
SOCIAL_WORKERS = ["Rina Wulandari, peksos", "Hendra Saputra, peksos", "Maria Goreti, peksos", "Yusuf, TKSK"]
CHUNK = 500  # homes per batch: half a million children never sit in memory at once
Home = tuple[int, str, int | None]  # id, region code, children in care


@dataclass
class Family:
    names: synth.Family
    mother_known: bool
    father_known: bool
    kk: str
    mother: str
    father: str
    reason: str
    referral: str
    admitted: date
    whereabouts: str


@dataclass
class Batch:
    """Everything made for one chunk of homes, saved together in bulk."""

    children: list[Child] = field(default_factory=list)
    left: set[int] = field(default_factory=set)  # indexes of children who have left
    placements: list[tuple[int, Placement]] = field(default_factory=list)
    records: list[tuple[int, Any]] = field(default_factory=list)  # assessments, plans, tracing, visits

    def add(self, child: Child) -> int:
        self.children.append(child)
        return len(self.children) - 1

    def save(self) -> None:
        Child.objects.bulk_create(self.children, batch_size=5000)
        duplicate_detection().store(self.children)
        for index, placement in self.placements:
            placement.child = self.children[index]
        Placement.objects.bulk_create([p for _, p in self.placements], batch_size=5000)
        by_model: dict[type[models.Model], list[Any]] = {}
        for index, record in self.records:
            record.child = self.children[index]
            by_model.setdefault(type(record), []).append(record)
        for model, records in by_model.items():
            model._default_manager.bulk_create(records, batch_size=5000)


# Who signs assessments off, by regency code: the supervisors and social workers of its Dinas Sosial
# (filled by seed_children before the homes are filled).
_SIGNERS: dict[str, list[int]] = {}


def _load_signers() -> None:
    _SIGNERS.clear()
    for region, user_id in Membership.objects.filter(
        organisation__kind=OrgKind.DINSOS_REGENCY,
        role__in=[Role.SUPERVISOR, Role.CASE_WORKER],
        is_active=True,
    ).values_list("organisation__region_id", "user_id"):
        _SIGNERS.setdefault(region or "", []).append(user_id)


@seeder(order=35)
def seed_children(ctx: SeedContext) -> None:
    today = date.today()  # noqa: DTZ011  (dates relative to the day the demo is made)
    _load_signers()
    homes = list(Lksa.objects.order_by("pk").values_list("pk", "region_code", "children_count"))
    total = in_care = 0
    for start in range(0, len(homes), CHUNK):
        chunk = homes[start : start + CHUNK]
        batch = Batch()
        for home_id, region, count in chunk:
            others = [h for h in chunk if h[0] != home_id] or chunk
            neighbours = [h for h in others if h[1][:5] == region[:5]] or others
            _fill_home(ctx, batch, (home_id, region), count or 0, neighbours, today)
        _register_twice(ctx, batch, chunk, today)
        batch.save()
        total += len(batch.children)
        in_care += len(batch.children) - len(batch.left)
    ctx.log(f"  {total:,} children ({in_care:,} in care)")


def _fill_home(
    ctx: SeedContext, batch: Batch, home: tuple[int, str], count: int, neighbours: list[Home], today: date
) -> None:
    rng = ctx.rng
    placed = 0
    while placed < count:
        family = _family(ctx, home[1], today)
        size = rng.choices([1, 2, 3, 4], weights=[62, 24, 10, 4])[0]
        twins = size >= 2 and rng.random() < 0.08
        first_born = today - timedelta(days=rng.randint(3 * 365, 16 * 365))
        given: set[str] = set()  # parents do not give two of their children the same first name
        for n in range(min(size, count - placed)):
            born = first_born if twins and n < 2 else first_born + timedelta(days=rng.randint(300, 1500) * n)
            # Siblings are usually kept together (SNPA A9); some live in another home nearby.
            where = home if n == 0 or rng.random() > 0.12 else rng.choice(neighbours)[:2]
            child = _child(ctx, family, where, min(born, today - timedelta(days=400)), today, given)
            given.add((child.full_name.split() or [""])[0])
            index = batch.add(child)
            _in_care_records(ctx, batch, index, family, rng.choice(neighbours)[0], today)
            placed += 1
    for _ in range(round(count * rng.uniform(0.2, 0.56))):
        _left_child(ctx, batch, _family(ctx, home[1], today, long_ago=True), home, today)


def _family(ctx: SeedContext, region: str, today: date, *, long_ago: bool = False) -> Family:
    rng = ctx.rng
    days = rng.randint(400, 3000) if long_ago else rng.randint(10, 1800)
    return Family(
        names=synth.family(rng),
        mother_known=rng.random() < 0.85,
        father_known=rng.random() < 0.7,
        kk=f"{region.replace('.', '')[:6]}{rng.randint(10**9, 10**10 - 1)}",
        mother=rng.choices(["alive", "deceased", "unknown"], weights=[68, 17, 15])[0],
        father=rng.choices(["alive", "deceased", "unknown"], weights=[55, 25, 20])[0],
        reason=rng.choice(REASONS),
        referral=rng.choice(["family", "community", "dinsos", "police", "self", "service", "rpsa"]),
        admitted=today - timedelta(days=days),
        whereabouts=rng.choice(
            ["", "Desa asal, kecamatan yang sama", "Merantau ke Malaysia", "Tidak diketahui"]
        ),
    )


def _child(
    ctx: SeedContext,
    family: Family,
    home: tuple[int, str],
    born: date,
    today: date,
    given: set[str] | frozenset[str] = frozenset(),
) -> Child:
    rng = ctx.rng
    sex = rng.choice("LP")
    name = family.names.child_name(rng, sex)
    for _attempt in range(20):  # a brother's or sister's first name is drawn again
        if (name.split() or [""])[0] not in given:
            break
        name = family.names.child_name(rng, sex)
    precision = rng.choices(["exact", "estimated", "unknown"], weights=[85, 10, 5])[0]
    if rng.random() < 0.006:  # a young adult still in care, past 18
        born, precision = today - timedelta(days=rng.randint(18 * 365 + 5, 20 * 365)), "exact"
    child = Child(
        lksa_id=home[0],
        region_code=home[1],
        # Names as varied as real lists (the linkage generator's): a few hundred names repeated over half
        # a million children would make every other child a namesake.
        full_name=name,
        aliases=rng.choice(["", "", "", "Ucok", "Neng", "Adek", "Butet", "Icha"]),
        sex=sex,
        birth_date=None if precision == "unknown" else born,
        birth_date_precision=precision,
        birth_place="" if rng.random() < 0.15 else family.names.birth_place,
        mother_name=family.names.mother if family.mother_known else "",
        father_name=family.names.father if family.father_known else "",
        mother_status=family.mother,
        father_status=family.father,
        family_whereabouts=family.whereabouts,
        guardian_name=rng.choice(["", "", "Paman", "Nenek"]),
        referral_source=family.referral,
        referral_reason=family.reason,
        admission_reason=REASON_CODES[family.reason],
        admitted_on=max(family.admitted, born + timedelta(days=30)),
        emergency_admission=rng.random() < 0.1,
    )
    if rng.random() < 0.8:
        set_identifier(child, "kk", family.kk)
    if precision == "exact" and rng.random() < 0.72:
        set_identifier(child, "nik", _nik(ctx, home[1], born, sex))
    if rng.random() < 0.4:
        set_identifier(
            child, "birth_certificate", f"AL.{rng.randint(100, 999)}.{rng.randint(10**6, 10**7 - 1)}"
        )
    return child


def _nik(ctx: SeedContext, region: str, born: date, sex: str) -> str:
    """A well-formed NIK, with the mistakes real lists have: a girl's day without +40, a wrong day."""
    rng = ctx.rng
    day = born.day + (40 if sex == "P" and rng.random() > 0.02 else 0)
    if rng.random() < 0.02:
        day = day % 28 + 1
    district = region.replace(".", "")[:6]
    return f"{district}{day:02d}{born.month:02d}{born.year % 100:02d}{rng.randint(1, 9999):04d}"


def _in_care_records(
    ctx: SeedContext, batch: Batch, index: int, family: Family, elsewhere: int, today: date
) -> None:
    rng, child = ctx.rng, batch.children[index]
    admitted = child.admitted_on
    if rng.random() < 0.04:  # transferred here from another home a while after admission
        moved = admitted + timedelta(days=rng.randint(1, max(1, (today - admitted).days - 1)))
        batch.placements.append(
            (index, Placement(kind="lksa", lksa_id=elsewhere, started_on=admitted, ended_on=moved))
        )
        batch.placements.append((index, Placement(kind="transfer", lksa_id=child.lksa_id, started_on=moved)))
    else:
        batch.placements.append((index, Placement(kind="lksa", lksa_id=child.lksa_id, started_on=admitted)))
    if not child.emergency_admission or rng.random() < 0.5:
        batch.records.append((index, _assessment(ctx, child, family)))
    if rng.random() < 0.65:
        made = admitted + timedelta(days=rng.randint(7, 60))
        # About one plan in five is overdue for its six-monthly review.
        review = today + timedelta(days=rng.randint(-120, -1) if rng.random() < 0.2 else rng.randint(1, 180))
        batch.records.append(
            (
                index,
                CarePlan(
                    made_on=min(made, today),
                    goals="Bersekolah, kontak rutin dengan keluarga, persiapan kembali ke keluarga",
                    family_based_goal=rng.choice(["reunification", "kinship", "foster", ""]),
                    next_review_on=max(review, min(made, today) + timedelta(days=1)),
                    made_by=rng.choice(SOCIAL_WORKERS),
                ),
            )
        )
    if "unknown" in (family.mother, family.father) and rng.random() < 0.5:
        for _ in range(rng.randint(1, 3)):
            batch.records.append(
                (
                    index,
                    TracingAttempt(
                        attempted_on=admitted
                        + timedelta(days=rng.randint(0, max(0, (today - admitted).days))),
                        by=rng.choice(SOCIAL_WORKERS),
                        method=rng.choice([m for m, _ in TracingAttempt.Method.choices]),
                        outcome=rng.choices(
                            ["not_found", "found", "found_unsafe", "contact"], weights=[50, 20, 10, 20]
                        )[0],
                    ),
                )
            )


def _left_child(ctx: SeedContext, batch: Batch, family: Family, home: tuple[int, str], today: date) -> None:
    rng = ctx.rng
    born = family.admitted - timedelta(days=rng.randint(2 * 365, 14 * 365))
    index = batch.add(_child(ctx, family, home, born, today))
    child = batch.children[index]
    child.status = Child.Status.LEFT
    batch.left.add(index)
    left_on = child.admitted_on + timedelta(days=rng.randint(30, max(31, (today - child.admitted_on).days)))
    left_on = min(left_on, today)
    kind = rng.choices([k for k, _ in EXITS], weights=[w for _, w in EXITS])[0]
    batch.placements.append(
        (index, Placement(kind="lksa", lksa_id=home[0], started_on=child.admitted_on, ended_on=left_on))
    )
    batch.placements.append((index, Placement(kind=kind, started_on=left_on)))
    batch.records.append((index, _assessment(ctx, child, family)))
    if kind in Placement.FAMILY_BASED and rng.random() < 0.6 and left_on < today:
        batch.records.append(
            (
                index,
                FollowUpVisit(
                    visited_on=left_on + timedelta(days=rng.randint(0, (today - left_on).days)),
                    by=rng.choice(SOCIAL_WORKERS),
                    finding=rng.choices(["well", "concerns", "at_risk", "not_found"], weights=[70, 20, 6, 4])[
                        0
                    ],
                ),
            )
        )


def _assessment(ctx: SeedContext, child: Child, family: Family) -> GatekeepingAssessment:
    # Before admission; after it for an emergency admission, which is assessed later.
    days = ctx.rng.randint(1, 30) if child.emergency_admission else -ctx.rng.randint(0, 14)
    today = date.today()  # noqa: DTZ011
    assessment = GatekeepingAssessment(
        assessed_on=min(child.admitted_on + timedelta(days=days), today),
        assessor=ctx.rng.choice(SOCIAL_WORKERS),
        reasons=family.reason,
        items={"A4": "yes", "A6": ctx.rng.choice(["yes", "no"]), "A9": "yes"},
        agreement_signed=ctx.rng.random() < 0.7,
    )
    signers = _SIGNERS.get(child.region_code[:5])
    overdue = (today - child.admitted_on).days > GatekeepingAssessment.SIGNOFF_DAYS
    if signers and ctx.rng.random() < (SIGNED_OFF_SHARE if overdue else SIGNED_OFF_RECENT_SHARE):
        signed_on = min(assessment.assessed_on + timedelta(days=ctx.rng.randint(1, 28)), today)
        assessment.signed_off_by_id = ctx.rng.choice(signers)
        assessment.signed_off_at = datetime.combine(signed_on, time(10), tzinfo=UTC)
        assessment.signed_off_role_note = ctx.rng.choice(["Sakti Peksos", "Pengawas Dinas Sosial", ""])
    return assessment


def _respelt(rng: random.Random, name: str) -> str:
    words = name.split()
    choice = rng.random()
    if choice < 0.25:
        return name.upper()
    if choice < 0.45 and words[0] == "Muhammad":
        return " ".join([rng.choice(["Moch.", "M.", "Muhamad", "Mochammad"]), *words[1:]])
    if choice < 0.6 and len(words) > 1:
        return " ".join(words[:-1])
    if choice < 0.8:
        return name.replace("u", "oe", 1).replace("j", "dj", 1)
    return name.replace("i", "y", 1)


def _register_twice(ctx: SeedContext, batch: Batch, chunk: list[Home], today: date) -> None:
    """A few children appear in two homes (a NIK or a spelling variant): what linkage must find."""
    rng = ctx.rng
    candidates = [i for i in range(len(batch.children)) if i not in batch.left]
    for original in rng.sample(candidates, k=min(len(candidates), max(1, len(candidates) // 300))):
        source = batch.children[original]
        home_id, region, _count = rng.choice(chunk)
        copy = Child(
            **{
                f.attname: getattr(source, f.attname)
                for f in Child._meta.concrete_fields
                if f.attname not in ("id", "lksa_id", "region_code", "full_name")
            }
        )
        copy.lksa_id, copy.region_code = home_id, region
        # The second home writes the child its own way: capitals, an old spelling, a Muhammad variant,
        # a dropped name part, another birth date guess, no NIK.
        copy.full_name = _respelt(rng, source.full_name)
        if rng.random() < 0.3:
            copy.nik_cipher, copy.nik_hash = "", ""
        if source.birth_date and rng.random() < 0.15:
            copy.birth_date = source.birth_date.replace(month=1, day=1)
        copy.admitted_on = min(source.admitted_on + timedelta(days=rng.randint(30, 400)), today)
        index = batch.add(copy)
        batch.placements.append((index, Placement(kind="lksa", lksa_id=home_id, started_on=copy.admitted_on)))
