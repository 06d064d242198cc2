"""Demo of issue 17's flow: cases the police and the UPTD PPA open from their own intake, onward
referrals within each agency's role, and a cross-province return with consent recorded.

1. The Unit PPA of Polresta Tangerang opens a case from a police report (LP): two children recruited in
   Kota Kupang (Nusa Tenggara Timur) and made to beg in Tangerang. It refers them to the UPTD PPA for
   psychosocial care (a public task, no identities beyond what the UPTD needs), which accepts; the
   UPTD PPA refers onward: to the child cyber unit of Polda Banten for the online recruitment (pending),
   and to Dinas Sosial Kota Kupang for the children's return home, on their guardians' consent and
   their own assent (accepted: the follow-ups are Kupang's).
2. A mother walks in at the UPTD PPA: the UPTD PPA opens the case and refers it to the police for
   investigation (a legal obligation to report the crime), waiting for the police's answer.
3. Dinas Sosial Kabupaten Tangerang opens a case from outreach (a raid on a street-begging ring).
All synthetic.
"""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice

from pantau.accounts.models import Membership, Organisation, User
from pantau.accounts.roles import OrgKind, Role
from pantau.accounts.seed import DEMO_TOTP_KEY_HEX, KUPANG_DEMO_LOGIN
from pantau.cases.intake import case_open_from_intake, referral_send
from pantau.cases.models import CaseChild
from pantau.cases.services import case_child_add, referral_decide
from pantau.lib.seeding import DemoLogin, SeedContext
from pantau.regions.models import Region

KUPANG = "53.71"
KUPANG_EMAIL = KUPANG_DEMO_LOGIN


def _kupang_office(ctx: SeedContext, password_hash: str) -> Membership | None:
    """Dinas Sosial Kota Kupang (the national scale has it already) with a case worker who signs in."""
    region = Region.objects.filter(code=KUPANG).first()
    if region is None:
        return None
    office = Organisation.objects.filter(kind=OrgKind.DINSOS_REGENCY, region=region).first()
    if office is None:
        office = Organisation.objects.create(
            name="Dinas Sosial Kota Kupang", kind=OrgKind.DINSOS_REGENCY, region=region
        )
    user = User.objects.filter(email=KUPANG_EMAIL).first()
    if user is None:
        user = User.objects.create(email=KUPANG_EMAIL, full_name="Maria Ndolu", password=password_hash)
        TOTPDevice.objects.create(user=user, name="demo", key=DEMO_TOTP_KEY_HEX, confirmed=True)
    membership, _created = Membership.objects.get_or_create(
        user=user, organisation=office, defaults={"role": Role.CASE_WORKER}
    )
    ctx.logins.append(
        DemoLogin(
            role=str(Role(membership.role).label),
            email=KUPANG_EMAIL,
            organisation=office.name,
            jurisdiction=region.name,
        )
    )
    return membership


def seed_intake(ctx: SeedContext) -> None:
    """Called from cases/seed.py's case seeder, after the demo's agencies and people exist."""
    people = {
        m.user.email: m
        for m in Membership.objects.filter(is_active=True).select_related("user", "organisation")
    }
    police = people.get("penyidik@ppa-polrestatangerang.pantau.test")
    uptd = people.get("pekerjasosial@uptdppa-kabtangerang.pantau.test")
    dinsos = people.get("pengawas@dinsos-kabtangerang.pantau.test")
    cyber = people.get("penyidik@siber-poldabanten.pantau.test")
    if police is None or uptd is None or dinsos is None:
        return
    kupang = _kupang_office(ctx, police.user.password)
    today = timezone.localdate()

    # 1. A police report: the case is the police's.
    lp = case_open_from_intake(
        actor=police.user,
        intake="police_report",
        title="Anak dari Kupang dipekerjakan mengemis di perempatan Tigaraksa",
        form_of_violence="eksploitasi",
        cluster="pka",
        place="fasilitas_umum",
        summary="Dua anak direkrut di Kota Kupang dengan janji sekolah, lalu dipaksa mengemis setiap hari.",
        lksa=None,
        region_code="36.03.03",
        reported_on=today - timedelta(days=20),
        police_report_number="LP/B/123/XI/2026/SPKT/Polresta Tangerang/Polda Banten",
    )
    for name, sex, age in (("N.", "P", 11), ("Y.", "L", 13)):
        case_child_add(
            actor=police.user,
            case=lp,
            record=CaseChild(name=name, sex=sex, age=age, education="sd", origin_region_code=KUPANG),
        )
    to_uptd = referral_send(
        actor=police.user,
        case=lp,
        to_org=uptd.organisation,
        purpose="psychosocial",
        note="Mohon pendampingan psikososial dan rumah aman sementara untuk dua anak.",
        due_on=today + timedelta(days=5),
        legal_basis="public_task",
        guardian_consent="no_guardian",
        child_assent="given",
        consent_note="Orang tua di Kupang belum dapat dihubungi; UU 35/2014 Pasal 59A (perlindungan khusus).",
        shared=["identity", "assessment", "services", "timeline"],
    )
    referral_decide(actor=uptd.user, referral=to_uptd, accept=True)
    # The UPTD PPA refers onward within its role: the online recruitment to the child cyber unit ...
    if cyber is not None:
        referral_send(
            actor=uptd.user,
            case=lp,
            to_org=cyber.organisation,
            purpose="investigation",
            note="Perekrutan dilakukan lewat pesan Facebook; mohon penelusuran akun perekrut.",
            due_on=today + timedelta(days=7),
            legal_basis="legal_obligation",
            guardian_consent="no_guardian",
            child_assent="not_asked",
            consent_note="Kewajiban melaporkan tindak pidana perdagangan orang (UU 21/2007).",
            shared=["assessment", "timeline"],  # only what the UPTD PPA itself received
        )
    # ... and the children's return home to Kupang, across provinces, on consent.
    if kupang is not None:
        home = referral_send(
            actor=uptd.user,
            case=lp,
            to_org=kupang.organisation,
            purpose="return",
            note="Pemulangan dan reintegrasi dua anak ke keluarga di Kota Kupang.",
            due_on=today + timedelta(days=10),
            legal_basis="consent",
            guardian_consent="given",
            child_assent="given",
            consent_note="Ibu kedua anak memberi persetujuan lewat telepon video, 2 hari lalu; anak setuju.",
            shared=["identity", "services"],
            region_code=KUPANG,
        )
        referral_decide(actor=kupang.user, referral=home, accept=True)

    # 2. A walk-in at the UPTD PPA, referred to the police for investigation.
    walk_in = case_open_from_intake(
        actor=uptd.user,
        intake="walk_in",
        title="Ibu melapor anaknya ditawari kerja di luar negeri",
        form_of_violence="trafficking",
        cluster="pka",
        place="lainnya",
        summary="Seorang ibu datang ke UPTD PPA: anak perempuannya (16) ditawari kerja di luar negeri.",
        lksa=None,
        region_code="36.03",
        reported_on=today - timedelta(days=3),
    )
    case_child_add(actor=uptd.user, case=walk_in, record=CaseChild(name="S.", sex="P", age=16))
    referral_send(
        actor=uptd.user,
        case=walk_in,
        to_org=police.organisation,
        purpose="investigation",
        note="Mohon penyelidikan perekrut; ibu bersedia memberi keterangan.",
        due_on=today + timedelta(days=4),
        legal_basis="consent",
        guardian_consent="given",
        child_assent="given",
        consent_note="Ibu dan anak setuju laporan diteruskan ke polisi.",
        shared=["identity", "subjects", "evidence", "investigation", "timeline"],
    )

    # 3. Outreach by Dinas Sosial.
    case_open_from_intake(
        actor=dinsos.user,
        intake="outreach",
        title="Penjangkauan anak jalanan di Terminal Balaraja",
        form_of_violence="penelantaran",
        cluster="pka",
        place="fasilitas_umum",
        summary="Penjangkauan malam: lima anak tidur di terminal, dua dipekerjakan orang dewasa.",
        lksa=None,
        region_code="36.03",
        reported_on=today - timedelta(days=1),
    )
    ctx.log("  3 cases opened from an agency's own intake, with onward and cross-province referrals")
