"""Demo of recovery after the rescue (issue 17): two children from Kota Kupang (Nusa Tenggara Timur) made
to work in a roadside eatery in Kabupaten Tangerang. Dinas Sosial Kabupaten Tangerang leads the case,
the UPTD PPA coordinates each child's rehabilitation plan (goals, services, a review), and Dinas Sosial
Kota Kupang, which accepted the return referral, follows up the first child at home: the 1-month visit
made, the 3-month visit overdue, the 6-month visit due. LPSK granted the first child protection; the
court ordered restitution, partly paid. The second child is still in the UPTD's safe house: a plan, an
LPSK request waiting, a restitution claim. All synthetic.
"""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

from pantau.accounts.models import Membership
from pantau.cases import recovery, victim_rights
from pantau.cases.intake import referral_send
from pantau.cases.models import Case, CaseChild, Service
from pantau.cases.seed_intake import KUPANG, KUPANG_EMAIL
from pantau.cases.services import case_child_add, case_open, referral_decide, service_add
from pantau.lib.seeding import SeedContext, seeder

TITLE = "Dua anak dari Kupang dipekerjakan di rumah makan"


@seeder(order=57)
def seed_recovery(ctx: SeedContext) -> None:
    people = {
        m.user.email: m
        for m in Membership.objects.filter(is_active=True).select_related("user", "organisation")
    }
    lead = people.get("pengawas@dinsos-kabtangerang.pantau.test")
    uptd = people.get("pekerjasosial@uptdppa-kabtangerang.pantau.test")
    kupang = people.get(KUPANG_EMAIL)
    if lead is None or uptd is None or kupang is None or Case.objects.filter(title=TITLE).exists():
        return
    today = timezone.localdate()
    returned = recovery.add_months(today, -6) - timedelta(days=4)
    case = case_open(
        actor=lead.user,
        concerns=[],
        title=TITLE,
        form_of_violence="eksploitasi",
        cluster="pka",
        summary="Dua anak direkrut di Kota Kupang dengan janji bekerja sambil sekolah, lalu dipekerjakan "
        "16 jam sehari tanpa upah di rumah makan di Balaraja (data sintetis).",
        lksa=None,
        region_code="36.03",
    )
    Case.objects.filter(pk=case.pk).update(opened_at=timezone.now() - timedelta(days=260))
    first, second = (
        case_child_add(
            actor=lead.user,
            case=case,
            record=CaseChild(name=name, sex=sex, age=age, origin_region_code=KUPANG),
        )
        for name, sex, age in (("M.", "P", 14), ("A.", "L", 13))
    )
    to_uptd = referral_send(
        actor=lead.user,
        case=case,
        to_org=uptd.organisation,
        purpose="psychosocial",
        note="Mohon rumah aman, pendampingan psikososial dan rencana rehabilitasi dua anak.",
        due_on=today + timedelta(days=5),
        legal_basis="public_task",
        guardian_consent="no_guardian",
        child_assent="given",
        consent_note="UU 35/2014 Pasal 59A (perlindungan khusus).",
        shared=["identity", "assessment", "services"],
    )
    referral_decide(actor=uptd.user, referral=to_uptd, accept=True)
    home = referral_send(
        actor=lead.user,
        case=case,
        to_org=kupang.organisation,
        purpose="return",
        note="Pemulangan M. ke keluarga di Kota Kupang dan kunjungan lanjutan.",
        due_on=today + timedelta(days=10),
        legal_basis="consent",
        guardian_consent="given",
        child_assent="given",
        consent_note="Ibu M. setuju lewat telepon video; M. ingin pulang.",
        shared=["identity", "services"],
        region_code=KUPANG,
    )
    referral_decide(actor=kupang.user, referral=home, accept=True)

    # The UPTD PPA coordinates each child's plan: goals by domain with their providers, and services.
    goals = (
        ("safety", "Tinggal di rumah aman sampai keluarga siap", "UPTD PPA Kabupaten Tangerang"),
        ("medical", "Pemeriksaan kesehatan dan visum", "RSUD Balaraja"),
        ("psychosocial", "Konseling trauma mingguan", "Psikolog UPTD PPA Kabupaten Tangerang"),
        ("legal", "Pendampingan hukum sampai putusan", "LBH APIK Banten"),
        ("education", "Kembali bersekolah di kelas 8", "Dinas Pendidikan Kota Kupang"),
        ("family", "Penelusuran dan kesiapan keluarga", "Dinas Sosial Kota Kupang"),
    )
    for child in (first, second):
        plan = recovery.plan_create(
            actor=uptd.user, case=case, case_child=child, review_every_days=30, first_review_on=today
        )
        made = [
            recovery.goal_add(
                actor=uptd.user,
                case=case,
                plan=plan,
                domain=domain,
                text=text,
                provider=provider,
                target_on=None,
            )
            for domain, text, provider in goals
        ]
        recovery.review_add(
            actor=uptd.user,
            case=case,
            plan=plan,
            reviewed_on=today - timedelta(days=3),
            progress="Tidur lebih teratur, mulai bercerita dalam konseling; visum selesai.",
            next_review_on=today + timedelta(days=27),
        )
        recovery.goal_set_status(actor=uptd.user, case=case, goal=made[1], status="met")  # the visum
        if child is first:  # she went home: the safe house is no longer needed
            recovery.goal_set_status(actor=uptd.user, case=case, goal=made[0], status="met")
        for kind, provider, days in (
            ("health", "RSUD Balaraja", 230),
            ("psychosocial", "Psikolog UPTD PPA Kabupaten Tangerang", 225),
            ("shelter", "Rumah aman UPTD PPA Kabupaten Tangerang", 240),
            ("legal_aid", "LBH APIK Banten", 210),
            ("religious", "Pembimbing rohani", 200),
        ):
            service_add(
                actor=uptd.user,
                case=case,
                service=Service(
                    case_child=child, kind=kind, provider=provider, started_on=today - timedelta(days=days)
                ),
            )
    # The first child went home to Kupang six months ago; Kupang's Dinas Sosial follows her up.
    reintegration = recovery.reintegration_record(
        actor=lead.user,
        case=case,
        case_child=first,
        placed_with="parents",
        region_code=KUPANG,
        follow_up_org=kupang.organisation,
        returned_on=returned,
    )
    visit = reintegration.follow_ups.order_by("due_on")[0]
    recovery.follow_up_record(
        actor=kupang.user,
        case=case,
        follow_up=visit,
        done_on=visit.due_on + timedelta(days=2),
        child_safe=True,
        in_school=True,
        note="Tinggal bersama ibu dan adik; sudah kembali bersekolah. Ibu mendapat bantuan PKH.",
    )

    # Victim rights: LPSK granted the first child protection; the court ordered restitution, partly paid.
    granted = victim_rights.lpsk_request(
        actor=lead.user,
        case=case,
        case_child=first,
        protections=["security", "identity_secret", "accompaniment", "legal_advice", "psychosocial"],
        requested_on=today - timedelta(days=220),
        note="Pelaku mengancam keluarga di Kupang.",
    )
    victim_rights.lpsk_decide(
        actor=lead.user,
        case=case,
        request=granted,
        decision="granted",
        decided_on=today - timedelta(days=205),
        decision_number="KEP-0412/1.3.HSKR/LPSK/2026 (sintetis)",
    )
    victim_rights.lpsk_request(
        actor=uptd.user,
        case=case,
        case_child=second,
        protections=["identity_secret", "accompaniment"],
        requested_on=today - timedelta(days=12),
    )
    ordered = victim_rights.restitution_claim(
        actor=lead.user,
        case=case,
        case_child=first,
        basis="tppo",
        claimed_amount=85_000_000,
        claimed_on=today - timedelta(days=150),
    )
    victim_rights.restitution_order(
        actor=lead.user,
        case=case,
        restitution=ordered,
        ordered_amount=60_000_000,
        ordered_on=today - timedelta(days=60),
        court_decision_number="245/Pid.Sus/2026/PN Tng (sintetis)",
    )
    for amount, days in ((20_000_000, 40), (10_000_000, 10)):
        victim_rights.restitution_pay(
            actor=lead.user,
            case=case,
            restitution=ordered,
            amount=amount,
            paid_on=today - timedelta(days=days),
            note="Cicilan dari terpidana, dititipkan di kepaniteraan PN Tangerang.",
        )
    victim_rights.restitution_claim(
        actor=lead.user,
        case=case,
        case_child=second,
        basis="tppo",
        claimed_amount=70_000_000,
        claimed_on=today - timedelta(days=150),
    )
    ctx.log("  1 case with rehabilitation plans, a return followed up in Kupang, LPSK and restitution")
