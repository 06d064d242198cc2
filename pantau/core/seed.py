"""Demo data: the demo LKSA operator's home (LKSA Kasih Bunda Tigaraksa) gets something in every part of
its connected picture, so its page shows each section populated: an open concern and case, a monitored
account with flagged posts and an appeal seen by a reviewer, a possible duplicate, a child who left to a
family with no follow-up, a care plan overdue, an open finding, and a phone number, bank account and
handle shared with a neighbouring home. All synthetic; runs after every other app's seeder."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

from pantau.accounts.models import User
from pantau.cases.models import Case, Concern
from pantau.cases.services import concern_create
from pantau.children.models import CarePlan, Child, Placement
from pantau.lib.seeding import SeedContext, seeder
from pantau.linkage.models import CandidatePair
from pantau.monitoring import services as monitoring
from pantau.monitoring.models import MonitoredAccount, Post, Tier
from pantau.registry.models import BankAccount, Lksa, SocialAccount
from pantau.registry.services import lksa_donations_observed
from pantau.supervision.models import Finding, Visit

SHOWCASE = "LKSA Kasih Bunda Tigaraksa"
APPEAL = (
    "Bantu adik-adik panti kami 🙏 kebutuhan susu dan popok menipis, transfer seikhlasnya ke rekening "
    "BRI 0123-01-000777-50-3 a.n. Yayasan, konfirmasi WA 0812-5566-7788. Live malam ini jam 8!"
)


@seeder(order=80)
def seed_home_picture(ctx: SeedContext) -> None:
    home = Lksa.objects.filter(organisation__name=SHOWCASE).first()
    supervisor = User.objects.filter(email="pengawas@dinsos-kabtangerang.pantau.test").first()
    if home is None or supervisor is None:
        return
    today = timezone.localdate()
    neighbour = (
        Lksa.objects.filter(region_code__startswith="36.03.").exclude(pk=home.pk).order_by("pk").first()
    )
    filled: list[str] = []

    # Shared identifiers: the neighbour gives the same phone, bank account and TikTok handle.
    if neighbour is not None:
        phone = home.phone or "0812-5566-7788"
        Lksa.objects.filter(pk__in=[home.pk, neighbour.pk]).update(phone=phone)
        for lksa in (home, neighbour):
            if not BankAccount.objects.filter(lksa=lksa, number="0123-01-000777-50-3").exists():
                BankAccount.objects.create(
                    lksa=lksa, bank="BRI", number="0123-01-000777-50-3", holder_name="Yayasan Kasih Bunda"
                )
            if not SocialAccount.objects.filter(lksa=lksa, handle="kasihbunda.tigaraksa").exists():
                SocialAccount.objects.create(lksa=lksa, platform="tiktok", handle="kasihbunda.tigaraksa")
        filled.append("shared identifiers")

    # Online monitoring: an account of the home with a flagged appeal, marked as an appeal by the reviewer.
    account = MonitoredAccount.objects.filter(lksa=home).first()
    if account is None:
        account = monitoring.account_register(
            actor=supervisor,
            account=MonitoredAccount(platform="tiktok", handle="kasihbunda.live", lksa=home),
        )
    posts = [
        monitoring.post_capture(
            actor=supervisor,
            post=Post(account=account, text=APPEAL, source=Post.Source.MANUAL, is_live=True),
        )
        for _ in range(2)
    ]
    flagged = [p for p in posts if p.tier in (Tier.RUJUK, Tier.TINJAU)] or posts
    lksa_donations_observed(actor=supervisor, lksa=home, source=f"{Post._meta.label_lower}:{flagged[0].pk}")
    filled.append("monitoring")

    # A concern and an open case naming the home.
    if not Concern.objects.filter(lksa=home).exclude(status=Concern.Status.CLOSED).exists():
        concern_create(
            source=Concern.Source.PUBLIC,
            concern=Concern(
                category="livestream", description="Siaran langsung anak-anak panti untuk minta gift."
            ),
            lksa=home,
        )
    if not Case.objects.filter(lksa=home, status=Case.Status.OPEN).exists():
        Case.objects.create(
            number=f"DEMO-{home.pk}-1",
            title="Eksploitasi anak dalam siaran langsung",
            owner=supervisor.memberships.get().organisation,
            lksa=home,
            region_code=home.region_code,
            form_of_violence="eksploitasi",
            cluster="pka",
            summary="Anak-anak panti tampil dalam siaran langsung untuk mengumpulkan gift (data sintetis).",
            opened_by=supervisor,
        )
    filled.append("concerns and cases")

    # Children: one left to a family 60 days ago with no follow-up visit; a care plan overdue.
    in_care = list(Child.objects.filter(lksa=home, status=Child.Status.IN_CARE).order_by("pk")[:3])
    if len(in_care) >= 3:
        leaver = in_care[2]
        current = leaver.placements.filter(ended_on__isnull=True).first()
        started = today - timedelta(days=60)
        if current is not None and current.started_on <= started:
            current.ended_on = started
            current.save(update_fields=["ended_on"])
        Placement.objects.create(child=leaver, kind=Placement.Kind.REUNIFICATION, started_on=started)
        Child.objects.filter(pk=leaver.pk).update(status=Child.Status.LEFT)
        CarePlan.objects.filter(child=in_care[0]).update(next_review_on=today - timedelta(days=10))
        filled.append("a family exit and an overdue plan")
        # A possible duplicate: the first child recorded again, spelt differently, in the neighbour home
        # (as a child moved between homes without a transfer would be).
        if neighbour is not None:
            child = in_care[0]
            again = Child.objects.create(
                lksa=neighbour,
                region_code=neighbour.region_code,
                full_name=child.full_name.upper()[:-1],
                sex=child.sex,
                birth_date=child.birth_date,
                birth_place=child.birth_place,
                mother_name=child.mother_name,
                father_name=child.father_name,
                referral_source=child.referral_source,
                referral_reason="Dititipkan oleh kerabat (data sintetis).",
                admitted_on=today - timedelta(days=30),
            )
            CandidatePair.objects.get_or_create(
                child_a=child, child_b=again, defaults={"match_probability": 0.93, "match_weight": 8.1}
            )
            filled.append("a possible duplicate")

    # An open finding of a concluded visit.
    visit = Visit.objects.filter(lksa=home, status=Visit.Status.CONCLUDED).order_by("-visited_on").first()
    if visit is not None and not Finding.objects.filter(lksa=home).open().exists():
        item = visit.template.items.filter(code="B11").first()
        if item is not None:
            Finding.objects.create(
                visit=visit,
                lksa=home,
                region_code=visit.region_code,
                item=item,
                severity="high",
                description="Dua anak belum memiliki rencana pengasuhan yang ditinjau.",
                corrective_action="Buat dan tinjau rencana pengasuhan setiap anak.",
                due_on=today - timedelta(days=7),
            )
            filled.append("an overdue finding")
    ctx.log(f"  {home.name}: {', '.join(filled)}")
