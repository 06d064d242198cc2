"""Concerns the public reported through the check page, and protection cases built from some of them."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

from pantau.accounts.models import Membership
from pantau.cases.models import Case, CaseChild, Concern, Investigation, Referral, Service
from pantau.cases.seed_intake import seed_intake
from pantau.cases.services import (
    case_child_add,
    case_close,
    case_open,
    concern_create,
    investigation_add,
    referral_decide,
    referral_send,
    referrals_escalate,
    service_add,
    tppo_save,
)
from pantau.cases.sharing import SUGGESTED
from pantau.children.models import Child
from pantau.lib.seeding import SeedContext, seeder
from pantau.registry.models import Lksa

DESCRIPTIONS = [
    (
        "livestream",
        "Setiap malam ada siaran langsung TikTok, anak-anak yang tidur disorot, penonton diminta kirim gift.",
    ),
    ("fundraising", "Ada yang minta donasi atas nama panti ini tapi rekeningnya atas nama pribadi."),
    ("work", "Anak-anak disuruh mengamen di perempatan setelah pulang sekolah."),
    ("unlicensed", "Panti baru buka di kampung kami, tidak pernah ada papan izin, anaknya makin banyak."),
    (
        "adoption",
        "Di grup Facebook ada yang menawarkan bayi dari panti ini untuk 'diadopsi' dengan uang ganti.",
    ),
]


@seeder(order=40)
def seed_concerns(ctx: SeedContext) -> None:
    suspects = list(
        Lksa.objects.filter(solicits_donations=True, legality_status="not_registered").order_by("pk")[:20]
    )
    for i in range(12 if not ctx.national else 500):
        category, text = DESCRIPTIONS[i % len(DESCRIPTIONS)]
        home = suspects[i % len(suspects)] if suspects and i % 3 else None
        # Through the one service, as a report from the page would: validated, routed, audited.
        concern_create(
            source=Concern.Source.PUBLIC, concern=Concern(category=category, description=text), lksa=home
        )
    ctx.log(f"  {Concern.objects.count():,} public concerns")


@seeder(order=50)
def seed_cases(ctx: SeedContext) -> None:
    """Cases across categories and stages, with three that follow the source's patterns: children live-
    streamed for gifts in a home, an illegal adoption, and recruitment for trafficking."""
    rng, today = ctx.rng, timezone.localdate()
    people = {
        m.user.email: m
        for m in Membership.objects.filter(is_active=True).select_related("user", "organisation")
    }
    lead = people.get("pengawas@dinsos-kabtangerang.pantau.test")
    if lead is None:
        return
    supervisor = lead.user
    police = people["penyidik@ppa-polrestatangerang.pantau.test"]
    uptd = people["pekerjasosial@uptdppa-kabtangerang.pantau.test"]
    homes = list(Lksa.objects.filter(region_code__startswith="36.03").order_by("pk"))
    if not homes:
        return
    streamed = next((h for h in homes if h.solicits_donations), homes[0])

    def new_case(home: Lksa | None, title: str, form: str, summary: str, days_ago: int) -> Case:
        concerns = list(Concern.objects.filter(lksa=home, case__isnull=True)[:1]) if home else []
        case = case_open(
            actor=supervisor,
            concerns=concerns,
            title=title,
            form_of_violence=form,
            cluster="pka",
            summary=summary,
            lksa=home,
            region_code="36.03",
        )
        Case.objects.filter(pk=case.pk).update(opened_at=timezone.now() - timedelta(days=days_ago))
        return case

    # 1. Live streaming in a home: referred to the police and to UPTD PPA, investigation under way.
    live = new_case(
        streamed,
        "Siaran langsung anak panti untuk mengumpulkan gift",
        "eksploitasi",
        "Anak-anak disiarkan di TikTok pada malam hari; penonton diminta mengirim gift.",
        40,
    )
    for child in Child.objects.filter(lksa=streamed, status=Child.Status.IN_CARE)[:3]:
        case_child_add(
            actor=supervisor,
            case=live,
            record=CaseChild(child=child, name=child.full_name.split()[0], sex=child.sex),
        )
    tppo_save(
        actor=supervisor,
        case=live,
        process=["harbour"],
        means=[],
        purpose=["livestream"],
        facts="",
    )
    for to, purpose in ((police, "investigation"), (uptd, "psychosocial")):
        referral = referral_send(
            actor=supervisor,
            case=live,
            to_org=to.organisation,
            purpose=purpose,
            note="",
            due_on=today + timedelta(days=5),
            legal_basis="public_task",
            consent_note="UU 35/2014 Pasal 59A.",
            shared=list(SUGGESTED[purpose]),
        )
        referral_decide(actor=to.user, referral=referral, accept=True)
    investigation_add(
        actor=police.user,
        case=live,
        milestone=Investigation(
            stage="report",
            police_report_number="LP/B/412/IX/2026/SPKT",
            happened_on=today - timedelta(days=30),
        ),
    )
    service_add(
        actor=uptd.user,
        case=live,
        service=Service(
            kind="psychosocial",
            provider="UPTD PPA Kabupaten Tangerang",
            started_on=today - timedelta(days=25),
        ),
    )
    # 2. An illegal adoption: the police have not answered the referral in time.
    adoption = new_case(
        None,
        "Bayi ditawarkan untuk diadopsi dengan uang ganti",
        "trafficking",
        "Di grup media sosial bayi dari panti ditawarkan untuk 'diadopsi' dengan imbalan uang.",
        20,
    )
    case_child_add(actor=supervisor, case=adoption, record=CaseChild(name="Bayi P.", sex="P", age=0))
    tppo_save(
        actor=supervisor,
        case=adoption,
        process=["receive", "transfer"],
        means=["payment"],
        purpose=[],
        acts=["child_sold", "adoption_irregular", "adoption_paid"],
        facts="",
    )
    late = referral_send(
        actor=supervisor,
        case=adoption,
        to_org=police.organisation,
        purpose="investigation",
        note="",
        due_on=today + timedelta(days=1),
        legal_basis="public_task",
        consent_note="UU 35/2014 Pasal 59A.",
        shared=list(SUGGESTED["investigation"]),
    )
    Referral.objects.filter(pk=late.pk).update(due_on=today - timedelta(days=3))
    referrals_escalate(today=today)
    # 3. Recruitment of children for work in another province.
    recruited = new_case(
        homes[-1],
        "Perekrutan anak untuk bekerja di luar provinsi",
        "trafficking",
        "Dua anak direkrut dengan janji sekolah gratis, lalu dipekerjakan di luar provinsi.",
        10,
    )
    for name, age in (("R.", 15), ("S.", 14)):
        case_child_add(actor=supervisor, case=recruited, record=CaseChild(name=name, sex="L", age=age))
    tppo_save(
        actor=supervisor,
        case=recruited,
        process=["recruit", "transport", "send"],
        means=["deception"],
        purpose=["economic"],
        facts="",
    )
    # Other cases across forms of violence, some closed with an outcome for each child.
    forms = ["fisik", "psikis", "seksual", "penelantaran", "eksploitasi", "lainnya"]
    for i in range(20 if not ctx.national else 200):
        case = new_case(
            rng.choice(homes),
            f"Kasus {i + 1}",
            forms[i % len(forms)],
            "Ringkasan kasus (data sintetis).",
            rng.randint(1, 300),
        )
        involved = case_child_add(
            actor=supervisor, case=case, record=CaseChild(name=f"Anak {i + 1}", age=rng.randint(4, 17))
        )
        if i % 3 == 0:
            case.refresh_from_db()
            case_close(
                actor=supervisor,
                case=case,
                expected_version=case.version,
                outcomes={involved.pk: ("family", "")},
                note="Selesai.",
            )
    seed_intake(ctx)  # issue 17: cases from police and UPTD intake, onward and cross-province referrals
    ctx.log(f"  {Case.objects.count():,} cases")


@seeder(order=55)
def seed_referrals_waiting(ctx: SeedContext) -> None:
    """Work for the home pages' queues: a case the police accepted six weeks ago and have recorded no
    milestone on since, and a referral to UPTD PPA waiting for its answer."""
    today = timezone.localdate()
    people = {
        m.user.email: m
        for m in Membership.objects.filter(is_active=True).select_related("user", "organisation")
    }
    lead = people.get("pengawas@dinsos-kabtangerang.pantau.test")
    police = people.get("penyidik@ppa-polrestatangerang.pantau.test")
    uptd = people.get("pekerjasosial@uptdppa-kabtangerang.pantau.test")
    home = Lksa.objects.filter(region_code__startswith="36.03").order_by("-pk").first()
    if lead is None or police is None or uptd is None or home is None:
        return
    silent = case_open(
        actor=lead.user,
        concerns=[],
        title="Kekerasan fisik oleh pengasuh",
        form_of_violence="fisik",
        cluster="pka",
        summary="Anak melaporkan dipukul pengasuh; visum sudah dilakukan (data sintetis).",
        lksa=home,
        region_code="36.03",
    )
    case_child_add(actor=lead.user, case=silent, record=CaseChild(name="D.", sex="L", age=11))
    referral = referral_send(
        actor=lead.user,
        case=silent,
        to_org=police.organisation,
        purpose="investigation",
        note="Mohon penyelidikan.",
        due_on=today + timedelta(days=3),
        legal_basis="public_task",
        consent_note="UU 35/2014 Pasal 59A.",
        shared=list(SUGGESTED["investigation"]),
    )
    referral_decide(actor=police.user, referral=referral, accept=True)
    Case.objects.filter(pk=silent.pk).update(opened_at=timezone.now() - timedelta(days=45))
    recruited = Case.objects.filter(title__startswith="Perekrutan anak").first()
    if recruited is not None:
        referral_send(
            actor=lead.user,
            case=recruited,
            to_org=uptd.organisation,
            purpose="rehabilitation",
            note="Mohon pendampingan dan rehabilitasi sosial dua anak.",
            due_on=today + timedelta(days=4),
            legal_basis="public_task",
            consent_note="UU 35/2014 Pasal 59A.",
            shared=list(SUGGESTED["rehabilitation"]),
        )


# The issue 17 demos register their seeders: the task force; evidence, platform requests, people;
# recovery (plans, a return followed up in another province, LPSK, restitution).
from pantau.cases import seed_evidence, seed_recovery, seed_taskforce  # noqa: E402, F401
