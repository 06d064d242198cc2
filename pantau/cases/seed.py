"""Concerns the public reported through the check page (triage arrives with the cases capability)."""

from __future__ import annotations

from pantau.cases.models import Concern
from pantau.core.seeding import SeedContext, seeder
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
        Concern.objects.create(
            source=Concern.Source.PUBLIC,
            lksa=home,
            region_code=home.region_code if home else "",
            category=category,
            description=text,
        )
    ctx.log(f"  {Concern.objects.count():,} public concerns")
