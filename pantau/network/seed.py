"""Demo data: a small planted network among the demo homes, then the index built over everything the
other seeders made. All synthetic.

Planted (each raises exactly the signal named; ``tests/test_seed.py`` checks the set):
* one BCA account collecting in the appeals of three homes of three foundations, two in Kabupaten
  Tangerang and one in Kota Medan (``shared_account`` at each);
* a board member of a Tangerang home who is, by the same NIK, the alleged person in a case about
  another home (``person_of_concern``); her namesake with another date of birth on the staff of a third
  home raises nothing;
* a home whose appeal calls its children "yatim piatu" while most of them have a living parent
  (``paper_orphans``);
* an appeal whose WhatsApp number is the intermediary's in a family-care file (``intermediary_contact``).
"""

from __future__ import annotations

from datetime import date

from django.db.models import Count, F, Q

from pantau.accounts.models import User
from pantau.cases.models import Case, CaseSubject
from pantau.children.models import Child, ParentStatus
from pantau.familycare.models import CareFile
from pantau.lib.persons import set_nik
from pantau.lib.seeding import SeedContext, seeder
from pantau.monitoring import services as monitoring
from pantau.monitoring.models import MonitoredAccount, Post
from pantau.network import indexer
from pantau.registry.models import Lksa, StaffMember

DEMO_OFFICER = "pengawas@dinsos-kabtangerang.pantau.test"
MEDAN_OFFICER = "pengawas@dinsos-medan.pantau.test"
SHARED_ACCOUNT = "BCA 7012-3344-55 a.n. Yayasan Peduli Anak Nusantara"
SUSPECT = ("Ratna Sari Dewi", date(1979, 3, 14), "3603125403790004")  # synthetic NIK
INTERMEDIARY_PHONE = "0813-2468-1357"
APPEALS = {
    "shared": "Bantu adik-adik panti kami yang kekurangan 🙏 donasi ke {account}. Semoga berkah.",
    "orphans": (
        "Anak-anak yatim piatu kami butuh uluran tangan 😢 tidak punya ayah ibu lagi. "
        "Donasi ke BRI 0456-01-778899-50-1 a.n. Yayasan Cahaya Hati, konfirmasi WA 0812-9988-7766"
    ),
    "intermediary": (
        "Panti kami menerima titipan bayi dan membantu keluarga yang ingin mengasuh. Donasi ke DANA "
        f"{INTERMEDIARY_PHONE}, konfirmasi WA {INTERMEDIARY_PHONE}."
    ),
}


def _account(officer: User, home: Lksa, suffix: str) -> MonitoredAccount:
    existing = MonitoredAccount.objects.filter(lksa=home).first()
    if existing is not None:
        return existing
    return monitoring.account_register(
        actor=officer,
        account=MonitoredAccount(
            platform="tiktok", handle=f"panti.{home.pk}.{suffix}", lksa=home, note="Demo"
        ),
    )


def _appeal(officer: User, home: Lksa, text: str, suffix: str) -> Post:
    return monitoring.post_capture(
        actor=officer,
        post=Post(account=_account(officer, home, suffix), text=text, source=Post.Source.MANUAL),
    )


def _orphan_claim_home(exclude: list[int]) -> Lksa | None:
    """A Tangerang home with at least three children in care, most with a living parent."""
    alive = Q(children__mother_status=ParentStatus.ALIVE) | Q(children__father_status=ParentStatus.ALIVE)
    in_care = Q(children__status=Child.Status.IN_CARE)
    return (
        Lksa.objects.filter(region_code__startswith="36.03.")
        .exclude(pk__in=exclude)
        .annotate(n=Count("children", filter=in_care), living=Count("children", filter=in_care & alive))
        .filter(n__gte=3, living__gt=F("n") / 2)  # integer halves: living > n/2 exactly
        .order_by("pk")
        .first()
    )


@seeder(order=97)
def seed_network(ctx: SeedContext) -> None:
    officer = User.objects.filter(email=DEMO_OFFICER).first()
    medan_officer = User.objects.filter(email=MEDAN_OFFICER).first()
    if officer is None or medan_officer is None:
        return
    tangerang = list(Lksa.objects.filter(region_code__startswith="36.03.").order_by("-pk")[:6])
    medan = Lksa.objects.filter(region_code__startswith="12.71.").order_by("-pk").first()
    if len(tangerang) < 6 or medan is None:
        return
    collectors, staff_home, namesake_home = tangerang[:2], tangerang[2], tangerang[3]
    for home in collectors:
        _appeal(officer, home, APPEALS["shared"].format(account=SHARED_ACCOUNT), "donasi")
    _appeal(medan_officer, medan, APPEALS["shared"].format(account=SHARED_ACCOUNT), "medan")

    name, born, nik = SUSPECT
    board = StaffMember(
        lksa=staff_home, full_name=name, position="Bendahara yayasan", is_board=True, birth_date=born
    )
    set_nik(board, nik, context=StaffMember.NIK_CONTEXT)
    board.save()
    StaffMember.objects.create(
        lksa=namesake_home, full_name=name, position="Juru masak", birth_date=date(1991, 8, 2)
    )
    case = Case.objects.exclude(lksa__in=[staff_home, namesake_home]).order_by("pk").first()
    if case is not None:
        subject = CaseSubject(case=case, name=name, relation=CaseSubject.Relation.MANAGER, birth_date=born)
        set_nik(subject, nik, context=CaseSubject.NIK_CONTEXT)
        subject.save()

    orphans = _orphan_claim_home([h.pk for h in tangerang[:4]])
    if orphans is not None:
        _appeal(officer, orphans, APPEALS["orphans"], "yatim")

    file = CareFile.objects.filter(intermediary_phone="").order_by("pk").first()
    appeal_home = tangerang[4]
    if file is not None:
        CareFile.objects.filter(pk=file.pk).update(
            intermediary_name="Bu Wati (perantara)", intermediary_phone=INTERMEDIARY_PHONE
        )
        _appeal(officer, appeal_home, APPEALS["intermediary"], "bayi")

    figures = indexer.rebuild()
    ctx.log(
        f"  network: {figures['entities']} identifiers in {figures['occurrences']} places, "
        f"signals {figures['signals']} ({figures['seconds']} s)"
    )
