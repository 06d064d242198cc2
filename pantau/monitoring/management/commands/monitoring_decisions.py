"""Export reviewers' decisions as labelled posts, to retrain and re-evaluate the screener.

    python manage.py monitoring_decisions --output decided.jsonl [--region 36.03] [--since 2026-01-01]

One line per decided post, in the training set's format (``dataset/CODEBOOK.md``): ``label`` 1 when
the decision led to action, 0 for "no action"; ``category`` the family of the strongest reason. The
texts are real posts and may name children: the file is for the training workstation only, and the
export is on the audit trail.
"""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from pantau.audit.services import audit_record
from pantau.monitoring.models import Post
from pantau.monitoring.screening.indicators import FAMILIES


class Command(BaseCommand):
    help = "Export decided posts as labelled JSON Lines (label 1 = led to action) for retraining."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--output", required=True, type=Path)
        parser.add_argument("--region", default="", help="a region code (36.03); empty for all")
        parser.add_argument("--since", type=date.fromisoformat, help="decided on or after (YYYY-MM-DD)")

    def handle(self, *args: Any, **options: Any) -> None:
        target: Path = options["output"]
        if not target.resolve().parent.is_dir():
            raise CommandError(_("No such folder: %(path)s") % {"path": target.parent}, returncode=2)
        posts = (
            Post.objects.exclude(decision="").in_region(options["region"] or None).select_related("account")
        )
        if options["since"]:
            posts = posts.filter(decided_at__date__gte=options["since"])
        count = actioned = 0
        with target.open("w", encoding="utf-8") as out:
            for post in posts.order_by("decided_at").iterator(chunk_size=2000):
                families = [
                    r["family"] for r in post.reasons if r.get("points", 0) > 0 and r["family"] in FAMILIES
                ]
                label = int(post.decision != Post.Decision.NO_ACTION)
                line = {
                    "id": f"pantau-{post.pk}",
                    "text": post.text,
                    "platform": post.account.platform,
                    "account": post.account.handle_normalised,
                    "posted_at": post.posted_at.isoformat() if post.posted_at else None,
                    "is_live": post.is_live,
                    "gift_count": post.gift_count,
                    "url": post.url,
                    "label": label,
                    "category": families[0] if families else "reviewed",
                    "decision": post.decision,
                    "tier": post.tier,
                }
                out.write(json.dumps(line, ensure_ascii=False) + "\n")
                count += 1
                actioned += label
        audit_record(
            action="monitoring.decisions_exported",
            target_label=str(target.name)[:100],
            target_region=options["region"],
            changes={"posts": count},
        )
        self.stdout.write(
            _("%(count)d decided posts written, %(actioned)d of them led to action.")
            % {"count": count, "actioned": actioned}
        )
