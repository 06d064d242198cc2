"""``manage.py recover_jobs``: mark background jobs whose worker died as interrupted (see pantau.lib.jobs).

Run it before the worker starts (systemd ``ExecStartPre=``) and every few minutes (a timer or cron): it
only touches jobs that say they are running while no live worker holds their lock, so running it while
workers are busy is safe.
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from pantau.lib.jobs import recover_all


class Command(BaseCommand):
    help = "Mark imports and linkage runs whose worker died as failed (interrupted), so they can be rerun."

    def handle(self, *args: Any, **options: Any) -> None:
        for name, ids in recover_all().items():
            self.stdout.write(
                f"{name}: {len(ids)} interrupted" + (f" ({', '.join(map(str, ids))})" if ids else "")
            )
