"""A year of supervision: visits concluded with answers and findings at every stage, visits planned and
under way, homes never visited or not for over a year. At national scale the answers are left out (the
visit plan does not read them; 10,000 visits x 48 answers would only slow the seed)."""

from __future__ import annotations

from datetime import date, datetime, timedelta

from django.db.models import Q
from django.utils import timezone

from pantau.accounts.models import Membership
from pantau.accounts.roles import OrgKind, Role
from pantau.lib.seeding import SeedContext, seeder
from pantau.registry.models import Lksa
from pantau.supervision.models import (
    Answer,
    ChecklistTemplate,
    Finding,
    FindingResponse,
    Visit,
)

FINDING_TEXT = {
    "no": "Tidak terpenuhi saat kunjungan.",
    "partly": "Baru sebagian terpenuhi; dokumen belum lengkap.",
}
ACTIONS = [
    "Lengkapi dokumen dan kirim bukti kepada Dinas Sosial.",
    "Susun rencana pengasuhan untuk setiap anak dan tinjau setiap enam bulan.",
    "Hentikan keterlibatan anak dalam penggalangan dana dan siaran langsung.",
    "Pisahkan kamar mandi anak laki-laki dan perempuan.",
    "Lakukan pemeriksaan latar belakang (SKCK) bagi seluruh pengasuh.",
]


@seeder(order=45)
def seed_supervision(ctx: SeedContext) -> None:
    rng, today, now = ctx.rng, timezone.localdate(), timezone.now()
    template = ChecklistTemplate.objects.get(status=ChecklistTemplate.Status.PUBLISHED)
    items = list(template.items.all())
    leads = _leads()
    homes = list(Lksa.objects.order_by("pk").values_list("pk", "region_code"))
    visits: list[Visit] = []
    for pk, region in homes:
        office, lead = _office_for(region, leads)
        roll = rng.random()
        if roll < 0.12:
            continue  # never visited
        visited = today - timedelta(days=rng.randint(400, 700) if roll < 0.27 else rng.randint(5, 360))
        visits.append(
            Visit(
                lksa_id=pk,
                region_code=region,
                organisation_id=office,
                template=template,
                lead_id=lead,
                kind=rng.choice(["announced", "unannounced"]),
                planned_on=visited,
                visited_on=visited,
                status=Visit.Status.CONCLUDED,
                concluded_at=now,
                concluded_by_id=lead,
                summary="Kunjungan pengawasan rutin; temuan dicatat untuk ditindaklanjuti.",
            )
        )
        if rng.random() < 0.1:  # the next visit is already planned
            visits.append(
                Visit(
                    lksa_id=pk,
                    region_code=region,
                    organisation_id=office,
                    template=template,
                    lead_id=lead,
                    kind="announced",
                    planned_on=today + timedelta(days=rng.randint(1, 45)),
                )
            )
    Visit.objects.bulk_create(visits, batch_size=5000)
    Visit.team.through.objects.bulk_create(
        [Visit.team.through(visit_id=v.pk, user_id=v.lead_id) for v in visits], batch_size=5000
    )
    answers: list[Answer] = []
    findings: list[Finding] = []
    for visit in visits:
        if visit.status != Visit.Status.CONCLUDED:
            continue
        for item in items:
            value = rng.choices(["yes", "partly", "no", "na"], weights=[82, 8, 5, 5])[0]
            if not ctx.national:
                answers.append(
                    Answer(
                        visit=visit,
                        item=item,
                        value=value,
                        note="" if value == "yes" else FINDING_TEXT.get(value, ""),
                        answered_by_id=visit.lead_id,
                    )
                )
            if value in ("no", "partly") and rng.random() < 0.5:
                due = (visit.visited_on or today) + timedelta(days=60)
                findings.append(
                    Finding(
                        visit=visit,
                        lksa_id=visit.lksa_id,
                        region_code=visit.region_code,
                        item=item,
                        severity=item.severity if value == "no" else "low",
                        description=FINDING_TEXT[value],
                        legal_basis=item.legal_basis,
                        corrective_action=rng.choice(ACTIONS),
                        due_on=due,
                    )
                )
    Answer.objects.bulk_create(answers, batch_size=5000)
    _stages(ctx, findings, today, now)
    ctx.log(f"  {len(visits):,} visits, {len(answers):,} answers, {len(findings):,} findings")


def _stages(ctx: SeedContext, findings: list[Finding], today: date, now: datetime) -> None:
    """Findings at every stage: closed, answered and waiting, open, overdue, escalated."""
    rng = ctx.rng
    responses = []
    for finding in findings:
        stage = rng.choices(["closed", "responded", "open", "escalated"], weights=[55, 10, 28, 7])[0]
        if stage == "closed":
            # Closed one to twelve weeks after the visit that found it (the workload page's days to close),
            # never later than now; spread without drawing from ``rng``, so the rest of the data stays put.
            found_on = finding.visit.visited_on or today
            weeks = 1 + (finding.lksa_id * 7 + len(finding.description)) % 12
            closed = datetime.combine(found_on + timedelta(weeks=weeks), datetime.min.time())
            finding.status, finding.closed_at = Finding.Status.CLOSED, min(now, timezone.make_aware(closed))
        elif stage == "responded":
            finding.status = Finding.Status.RESPONDED
        elif stage == "escalated" and finding.due_on < today - timedelta(days=14):
            finding.escalated_at = now
    Finding.objects.bulk_create(findings, batch_size=5000)
    for finding in findings:
        if finding.status in (Finding.Status.CLOSED, Finding.Status.RESPONDED):
            responses.append(
                FindingResponse(
                    finding=finding,
                    text="Sudah diperbaiki; bukti terlampir.",
                    responded_by_id=finding.visit.lead_id,
                    decision="accepted" if finding.status == Finding.Status.CLOSED else "",
                    decided_by_id=finding.visit.lead_id if finding.status == Finding.Status.CLOSED else None,
                    decided_at=now if finding.status == Finding.Status.CLOSED else None,
                )
            )
    FindingResponse.objects.bulk_create(responses, batch_size=5000)


def _leads() -> dict[str, tuple[int, int]]:
    """Region code ('' for national) -> (supervising office, a supervisor there)."""
    leads: dict[str, tuple[int, int]] = {}
    for org, region, user in Membership.objects.filter(
        Q(organisation__kind__in=[OrgKind.DINSOS_PROVINCE, OrgKind.DINSOS_REGENCY, OrgKind.KPAI]),
        role=Role.SUPERVISOR,
        is_active=True,
    ).values_list("organisation_id", "organisation__region_id", "user_id"):
        leads.setdefault(region or "", (org, user))
    return leads


def _office_for(region: str, leads: dict[str, tuple[int, int]]) -> tuple[int, int]:
    """The nearest office with a supervisor: the kabupaten/kota, then the province, then KPAI."""
    for prefix in (region[:5], region[:2], ""):
        if prefix in leads:
            return leads[prefix]
    raise LookupError("no supervising office with a supervisor in the demo data")


@seeder(order=46)
def seed_visits_this_week(ctx: SeedContext) -> None:
    """Work for the home pages' queues: each demo supervisor of a Dinas Sosial has a visit this week
    (to the riskiest-looking home of their area that has none planned), the lead on its team."""
    today = timezone.localdate()
    template = ChecklistTemplate.objects.get(status=ChecklistTemplate.Status.PUBLISHED)
    supervisors = Membership.objects.filter(
        user__email__in=["pengawas@dinsos-kabtangerang.pantau.test", "pengawas@dinsos-medan.pantau.test"],
        is_active=True,
    ).select_related("organisation", "user")
    for membership in supervisors:
        region = membership.organisation.region_id or ""
        home = (
            Lksa.objects.filter(region_code__startswith=region)
            .exclude(visits__status=Visit.Status.PLANNED)
            .order_by("pk")
            .first()
        )
        if home is None:
            continue
        visit = Visit.objects.create(
            lksa=home,
            region_code=home.region_code,
            organisation=membership.organisation,
            template=template,
            lead=membership.user,
            kind=Visit.Kind.UNANNOUNCED,
            planned_on=today + timedelta(days=2),
            purpose="Tindak lanjut temuan dan pengaduan (data sintetis).",
        )
        visit.team.add(membership.user)
