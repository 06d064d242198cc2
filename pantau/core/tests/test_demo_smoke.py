"""`bin/demo` works: on the demo's own engine (SQLite), freshly seeded, every demo login's home page,
the first item of each of its queues and the showcase home's page answer 200.

The rest of the suite runs on PostgreSQL; SQLite refuses some SQL PostgreSQL takes (an ORDER BY inside a
UNION broke every Dinas Sosial home page of the demo once), so the demo gets a run of its own."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]

SCRIPT = """
import re
import django; django.setup()
from django.test import Client
from pantau.accounts.seed import demo_logins_recorded
from pantau.accounts.models import User
from pantau.accounts.testing import force_login_verified
from pantau.registry.models import Lksa, StaffMember

showcase = Lksa.objects.get(name="LKSA Kasih Bunda Tigaraksa")
logins = demo_logins_recorded()
assert len(logins) == 16, len(logins)  # 14, the Kota Kupang case worker and the task force viewer
for login in logins:
    client = Client(HTTP_HOST="127.0.0.1")
    force_login_verified(client, User.objects.get(email=login.email))
    home = client.get("/")
    assert home.status_code == 200, (login.email, home.status_code)
    body = home.content.decode()
    firsts = re.findall(r'<ol class="queue-items">\\s*<li[^>]*>\\s*<a href="([^"]+)"', body)
    for url in firsts:
        answer = client.get(url.replace("&amp;", "&"))
        assert answer.status_code == 200, (login.email, url, answer.status_code)
    page = client.get(f"/registry/{showcase.pk}/")
    assert page.status_code in (200, 404), (login.email, page.status_code)
    print(login.email, len(firsts))

# The network the demo plants (pantau/network/seed.py): each planted link raised at its homes, the
# namesake not; every signal page opens for the Tangerang supervisor.
from pantau.network.models import Signal
held = Signal.objects.filter(holds=True).select_related("entity", "lksa")
signals = [(s.code, s.entity.label if s.entity else "", s.lksa.region_code[:5]) for s in held]
shared = sorted(r for code, label, r in signals if code == "shared_account" and label == "BCA ••••••4455")
assert shared == ["12.71", "36.03", "36.03"], shared
assert ("person_of_concern", "R. S. D. (NIK)", "36.03") in signals, signals
ratna = Signal.objects.filter(code="person_of_concern", entity__label="R. S. D. (NIK)")
board = StaffMember.objects.get(full_name="Ratna Sari Dewi", is_board=True)
assert [s.lksa_id for s in ratna] == [board.lksa_id]
assert ("intermediary_contact", "+6281•••••1357", "36.03") in signals, signals
assert any(code == "paper_orphans" for code, _, _ in signals)
client = Client(HTTP_HOST="127.0.0.1")
force_login_verified(client, User.objects.get(email="pengawas@dinsos-kabtangerang.pantau.test"))
for signal in Signal.objects.filter(region_code__startswith="36.03."):
    graph = f"/network/identifiers/{signal.entity_id}/graph/" if signal.entity_id else "/network/"
    for url in (f"/network/signals/{signal.pk}/", graph):
        assert client.get(url).status_code == 200, url
"""


def test_the_demo_seeds_and_every_login_opens_its_work_on_sqlite(tmp_path: Path) -> None:
    base = {k: v for k, v in os.environ.items() if not k.startswith("PANTAU_")}
    env = {
        **base,
        "DJANGO_SETTINGS_MODULE": "pantau.settings",
        "PANTAU_ENV": "demo",
        "PANTAU_DATABASE_URL": f"sqlite:///{tmp_path / 'demo.sqlite3'}",
    }
    for command in (["migrate", "-v0"], ["seed_demo", "--scale", "demo", "--seed", "2024"]):
        subprocess.run(  # noqa: S603
            [sys.executable, "manage.py", *command], cwd=ROOT, env=env, check=True, capture_output=True
        )
    walk = subprocess.run(  # noqa: S603
        [sys.executable, "-c", SCRIPT], cwd=ROOT, env=env, capture_output=True, text=True
    )
    assert walk.returncode == 0, walk.stderr[-3000:]
    opened = dict(line.rsplit(" ", 1) for line in walk.stdout.splitlines() if "@" in line)
    assert len(opened) == 16
    # Every login but the auditors' finds work waiting (the auditors get their searches instead, the task
    # force its picture of the area).
    assert sorted(email for email, n in opened.items() if n == "0") == [
        "auditor@dinsos-banten.pantau.test",
        "auditor@kpai.pantau.test",
        "gugustugas@tppo-kabtangerang.pantau.test",
    ]
