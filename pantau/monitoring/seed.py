"""Demo data: monitored accounts of demo homes with a mix of benign and risky posts (taken from the
synthetic training set), one phone number shared by two homes' appeals, and one post already decided
into a concern."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

from pantau.accounts.models import User
from pantau.lib.seeding import SeedContext, seeder
from pantau.monitoring import services
from pantau.monitoring.models import MonitoredAccount, Post
from pantau.monitoring.screening.dataset import read_labelled
from pantau.registry.models import Lksa

DEMO_OFFICER = "pengawas@dinsos-kabtangerang.pantau.test"
POSTS_PER_ACCOUNT = 6
SHARED_PHONE = "0812-7788-1290"  # synthetic; appears in two homes' appeals


@seeder(order=70)
def seed_monitoring(ctx: SeedContext) -> None:
    officer = User.objects.filter(email=DEMO_OFFICER).first()
    if officer is None:
        return
    homes = list(Lksa.objects.filter(region_code__startswith="36.03").order_by("pk")[:6])
    rows = read_labelled("train")
    ctx.rng.shuffle(rows)
    accounts = [
        services.account_register(
            actor=officer,
            account=MonitoredAccount(
                platform=ctx.rng.choice(["tiktok", "instagram", "facebook"]),
                handle=f"{home.name.lower().replace(' ', '.')[:40]}.{home.pk}",
                lksa=home,
                note="Demo",
            ),
        )
        for home in homes
    ]
    accounts.append(
        services.account_register(
            actor=officer,
            account=MonitoredAccount(
                platform="tiktok", handle="peduli.yatim.tangerang", note="Demo: operator unknown"
            ),
        )
    )
    now = timezone.now()
    count = 0
    for index, account in enumerate(accounts):
        for row in rows[index * POSTS_PER_ACCOUNT : (index + 1) * POSTS_PER_ACCOUNT]:
            post = Post(
                account=account,
                external_id=row.post.id,
                text=row.post.text,
                posted_at=row.post.posted_at or now - timedelta(hours=count),
                is_live=row.post.is_live,
                gift_count=row.post.gift_count,
                source=Post.Source.MANUAL,
            )
            services.post_capture(actor=officer, post=post)
            count += 1
    # The fictitious-home pattern: the same number behind two homes' appeals.
    for account in accounts[:2]:
        services.post_capture(
            actor=officer,
            post=Post(
                account=account,
                text=(
                    "Adik-adik yatim kami belum makan dari pagi 😭 tolong bantu kak, transfer ke DANA "
                    f"{SHARED_PHONE} atau BRI 0123-01-004455-50-3 a.n. Bpk. Suryadi. "
                    f"Konfirmasi WA {SHARED_PHONE}"
                ),
                posted_at=now - timedelta(hours=2),
                source=Post.Source.MANUAL,
            ),
        )
        count += 1
    flagged = Post.objects.filter(decision="", tier__in=["tinjau", "rujuk"]).order_by("-score").first()
    if flagged is not None:
        services.post_decide(
            actor=officer,
            post=flagged,
            decision=Post.Decision.OPEN_CONCERN,
            note="Demo: anak-anak ditampilkan untuk meminta donasi.",
            expected_version=flagged.version,
        )
    ctx.log(f"  monitoring: {len(accounts)} accounts, {count} posts screened")
