"""End-to-end load test: the production server configuration over the national data set, stepped users.

    uv run python bench/load.py                          # 10 -> 50 -> 100 users, 60 s each
    uv run python bench/load.py --users 10,50 --seconds 30
    uv run python bench/load.py --think 0                # no reading time: where the server saturates

What runs: `gunicorn -c gunicorn.conf.py pantau.wsgi` (threaded workers, PANTAU_ENV=production, static
files collected, the shared database cache) on 127.0.0.1 against `pantau_bench_load`, seeded once by
`load_seed.py` (11,000 LKSA, 525,000 children, 100,000 cases). Virtual users are threads in this process
on loopback, each signed in with its own session (second factor passed) and each one person:

* 45 % kabupaten/kota officers (Dinas Sosial supervisors of 40 different kabupaten/kota, Kab. Tangerang,
  the busiest, among them): their home page, children list and search, registry list and a home's page,
  triage queue, case list, visit plan, notifications, a child's page, `/api/v1/children`;
* 15 % province officers (Dinas Sosial Provinsi of the largest provinces): home, children list of the
  province (100,000+ in care), `/api/v1/children`, registry, figures per kabupaten/kota, visit plan;
* 10 % national (KPAI supervisor, Kemensos viewer): home, national dashboard, children's figures per
  province, registry, supervision workload;
* 10 % LKSA operators: home, their children, incidents, notifications;
* 15 % anonymous visitors: the public check (search by name, a home's public page), awareness guides;
* 5 % children sending a report through the children's channel (GET the form, POST it): the writes.
  After each step every report answered 200 must exist exactly once, whole (a priority concern of the
  children's channel with its follow-up code): the consistency check, also across a PostgreSQL restart
  (``--restart-postgres``: the server is restarted a third of the way into the first step).

Each person reads a page for a random 1-5 s (``--think``, locust's usual ``between(1, 5)``) before the
next click. A request is an error when it fails to connect, times out (30 s) or answers anything but
200. Prints per step: requests, throughput, errors, p50/p95/p99/max, and the slowest page groups.
"""

from __future__ import annotations

import argparse
import base64
import http.client
import os
import random
import signal
import statistics
import subprocess
import sys
import threading
import time
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlencode

sys.path.insert(0, str(Path(__file__).resolve().parent))

from load_seed import DEFAULT_DB, seed

ROOT = Path(__file__).resolve().parent.parent
PORT = 8199
REPORT = "POST /check/child/"  # a page entry that sends a child's report (GET the form, then POST it)
# The server and this process must agree on the secret key: the sessions made here are signed with it.
SECRET = "bench-load-secret-key-" + "x" * 40


@dataclass
class Persona:
    kind: str
    cookie: str
    pages: list[tuple[str, str]]  # (group, path) to pick from, repeated entries weigh more


@dataclass
class Results:
    lock: threading.Lock = field(default_factory=threading.Lock)
    samples: list[tuple[str, float, int]] = field(default_factory=list)  # group, seconds, status
    errors_at: list[float] = field(default_factory=list)  # when each error answered (monotonic)
    reports: dict[str, int] = field(default_factory=dict)  # children's reports sent: token -> status

    def add(self, group: str, seconds: float, status: int) -> None:
        with self.lock:
            self.samples.append((group, seconds, status))
            if status != 200:
                self.errors_at.append(time.monotonic())


def _env(url: str) -> dict[str, str]:
    base = {k: v for k, v in os.environ.items() if not k.startswith("PANTAU_")}
    return {
        **base,
        "PANTAU_ENV": "production",
        "PANTAU_DATABASE_URL": url,
        "PANTAU_SECRET_KEY": SECRET,
        "PANTAU_ALLOWED_HOSTS": "127.0.0.1",
        "PANTAU_SECURE_TLS": "false",
        "PANTAU_TRUSTED_PROXIES": "1",
        # The development keys the seed encrypted with, given as production settings.
        "PANTAU_FIELD_KEYS": "dev:" + _dev_key(),
        "PANTAU_BLIND_INDEX_KEY": _dev_key(),
        "PANTAU_PSEUDONYM_KEY": base64.b64encode(b"p" * 32).decode(),  # any key but the index key
        "PANTAU_METRICS_TOKEN": "m" * 40,
        "PANTAU_LOG_LEVEL": "WARNING",
        "DJANGO_SETTINGS_MODULE": "pantau.settings",
    }


def _dev_key() -> str:
    import hashlib

    return base64.b64encode(hashlib.sha256(b"pantau development key - never in production").digest()).decode()


def _personas(seed_value: int) -> list[Persona]:
    from django.db.models import Count
    from django.test import Client

    from pantau.accounts.models import Membership, Role, User
    from pantau.accounts.testing import force_login_verified
    from pantau.children.models import Child
    from pantau.registry.models import Lksa

    rng = random.Random(seed_value)  # noqa: S311  (reproducible choices, not a secret)

    def signed_in(user: User) -> Client:
        client = Client()
        force_login_verified(client, user)
        return client

    def cookie(user: User) -> str:
        return str(signed_in(user).cookies["sessionid"].value)

    def searched(user: User) -> tuple[str, list[tuple[str, str]]]:
        """A session with three name searches kept on the server (searches are POSTed, never in an
        address), and the list addresses they redirect to."""
        client = signed_in(user)
        pages = []
        for term in rng.sample(names, 3):
            response = client.post("/children/", {"q": term, "status": "in_care"})
            pages.append(("children search", response["Location"]))
        return str(client.cookies["sessionid"].value), pages

    def homes_in(code: str, n: int = 20) -> list[int]:
        return list(Lksa.objects.filter(region_code__startswith=f"{code}.").values_list("pk", flat=True)[:n])

    def children_in(code: str, n: int = 20) -> list[int]:
        rows = Child.objects.filter(region_code__startswith=f"{code}.", status="in_care")
        return list(rows.values_list("pk", flat=True)[:n])

    names = ["siti", "rizki", "dewi", "made", "putri", "ahmad", "maria", "bagus", "nur", "andi"]
    personas: list[Persona] = []

    # Kabupaten/kota officers: the 40 with most children (Kab. Tangerang's demo officer first).
    busiest = (
        Lksa.objects.values("region_code")
        .annotate(n=Count("children"))
        .order_by("-n")
        .values_list("region_code", flat=True)[:200]
    )
    regencies: list[str] = []
    for code in busiest:
        regency = ".".join(code.split(".")[:2])
        if regency not in regencies:
            regencies.append(regency)
    officers = list(
        Membership.objects.filter(
            role=Role.SUPERVISOR, organisation__kind="dinsos_regency", organisation__region_id__in=regencies
        ).select_related("user", "organisation")
    )
    by_region: dict[str, User] = {}
    for membership in officers:
        by_region.setdefault(str(membership.organisation.region_id), membership.user)
    tangerang = User.objects.get(email="pengawas@dinsos-kabtangerang.pantau.test")
    others = [(code, by_region[code]) for code in regencies if code in by_region and code != "36.03"]
    kabupaten = [("36.03", tangerang), *others[:39]]
    for code, user in kabupaten:
        homes, children = homes_in(code), children_in(code)
        session, pages = searched(user)
        pages += [("home", "/")] * 3 + [("children list", "/children/")] * 2
        pages += [("registry list", "/registry/")] * 2 + [("triage", "/cases/triage/"), ("cases", "/cases/")]
        pages += [("visit plan", "/supervision/"), ("notifications", "/notifications/")]
        pages += [("api children", "/api/v1/children?page_size=50")]
        pages += [("lksa page", f"/registry/{pk}/") for pk in homes[:4]]
        pages += [("child page", f"/children/{pk}/") for pk in children[:2]]
        personas.append(Persona("kabupaten", session, pages))

    # Province officers: the five provinces with most children in care.
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT split_part(region_code, '.', 1) AS p, count(*) FROM children_child "
            "WHERE status = 'in_care' GROUP BY p ORDER BY count(*) DESC LIMIT 5"
        )
        largest = [row[0] for row in cursor.fetchall()]
    for code in largest:
        chief = Membership.objects.filter(
            role=Role.SUPERVISOR, organisation__kind="dinsos_province", organisation__region_id=code
        ).first()
        if chief is None:
            continue
        pages = [("home", "/")] * 2 + [("children list, province", "/children/")] * 2
        pages += [("children list, province", "/children/?page=3")]
        pages += [("api children, province", "/api/v1/children?page_size=50")]
        pages += [("registry list", "/registry/"), ("visit plan", "/supervision/")]
        pages += [("figures per kabupaten", "/children/figures/?level=regency")]
        pages += [("lksa page", f"/registry/{pk}/") for pk in homes_in(code, 3)]
        for _ in range(2):
            personas.append(Persona("province", cookie(chief.user), pages))

    # National offices.
    for email in ["pengawas@kpai.pantau.test", "pengamat@kemensos.pantau.test"] * 3:
        pages = [("home", "/")] * 2 + [("national dashboard", "/insights/")]
        pages += [("figures per province", "/children/figures/?level=province")]
        pages += [("registry list", "/registry/")] * 2 + [("workload", "/supervision/workload/")]
        personas.append(Persona("national", cookie(User.objects.get(email=email)), pages))

    # LKSA operators: the demo's two and ten more homes' operators.
    operators = list(
        Membership.objects.filter(role=Role.LKSA_OPERATOR).select_related("user").order_by("pk")[:12]
    )
    for membership in operators:
        pages = [("home", "/")] * 2 + [("children list", "/children/")] * 2
        pages += [("incidents", "/incidents/"), ("notifications", "/notifications/")]
        personas.append(Persona("lksa", cookie(membership.user), pages))

    # Children's reports through the children's channel (anonymous, the one write in the mix).
    for _ in range(5):
        personas.append(Persona("reporter", "", [("child report (POST)", REPORT)]))

    # Anonymous visitors (no session).
    public_homes = list(Lksa.objects.order_by("?").values_list("pk", flat=True)[:20])
    words = ["kasih", "bunda", "harapan", "panti", "yatim", "mulia", "insan", "cahaya"]
    for _ in range(20):
        pages = [("public check", "/check/")] + [
            ("public search", "/check/?" + urlencode({"q": rng.choice(words)})) for _ in range(2)
        ]
        pages += [("public home", f"/check/lksa/{pk}/") for pk in rng.sample(public_homes, 3)]
        pages += [("awareness", "/awareness/"), ("awareness", "/awareness/check/")]
        personas.append(Persona("anonymous", "", pages))
    return personas


def _mix(personas: list[Persona], users: int, rng: random.Random) -> list[Persona]:
    """``users`` people in the stated shares, each drawn from the pool of their kind."""
    shares = [
        ("kabupaten", 0.45),
        ("province", 0.15),
        ("national", 0.10),
        ("lksa", 0.10),
        ("anonymous", 0.15),
        ("reporter", 0.05),
    ]
    pool: dict[str, list[Persona]] = defaultdict(list)
    for persona in personas:
        pool[persona.kind].append(persona)
    chosen: list[Persona] = []
    for kind, share in shares:
        count = max(1, round(users * share))
        chosen += [pool[kind][i % len(pool[kind])] for i in range(count)]
    rng.shuffle(chosen)
    return chosen[:users]


def _get(path: str, cookie: str, address: str = "10.0.0.1") -> int:
    conn = http.client.HTTPConnection("127.0.0.1", PORT, timeout=30)
    try:
        # As behind nginx (PANTAU_TRUSTED_PROXIES=1): each person has their own address, so the
        # per-address limits of the public pages count per person, as in production.
        headers = {"Host": "127.0.0.1", "Accept-Language": "id", "X-Forwarded-For": address}
        if cookie:
            headers["Cookie"] = f"sessionid={cookie}"
        conn.request("GET", path, headers=headers)
        response = conn.getresponse()
        response.read()
        return response.status
    except (OSError, http.client.HTTPException):
        return 0
    finally:
        conn.close()


def _report(results: Results, rng: random.Random) -> int:
    """A child's report from a new address each time (the channel allows 5 an hour per address)."""
    import re
    import uuid

    address = f"10.{rng.randrange(256)}.{rng.randrange(256)}.{rng.randrange(1, 255)}"
    conn = http.client.HTTPConnection("127.0.0.1", PORT, timeout=30)
    token = f"loadtest-{uuid.uuid4().hex}"
    try:
        headers = {"Host": "127.0.0.1", "Accept-Language": "id", "X-Forwarded-For": address}
        conn.request("GET", "/check/child/", headers=headers)
        form = conn.getresponse()
        page = form.read().decode()
        cookie = form.getheader("Set-Cookie", "").split(";")[0]
        found = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page)
        if form.status != 200 or not found:
            return form.status or 0
        body = urlencode({"what": "other", "story": token, "csrfmiddlewaretoken": found.group(1)})
        conn.request(
            "POST",
            "/check/child/",
            body=body,
            headers={**headers, "Cookie": cookie, "Content-Type": "application/x-www-form-urlencoded"},
        )
        response = conn.getresponse()
        response.read()
        status = response.status
    except (OSError, http.client.HTTPException):
        status = 0
    finally:
        conn.close()
    with results.lock:
        results.reports[token] = status
    return status


def _user(persona: Persona, until: float, think: float, results: Results, rng: random.Random) -> None:
    address = f"10.{rng.randrange(256)}.{rng.randrange(256)}.{rng.randrange(1, 255)}"
    while time.monotonic() < until:
        group, path = rng.choice(persona.pages)
        started = time.perf_counter()
        status = _report(results, rng) if path == REPORT else _get(path, persona.cookie, address)
        results.add(group, time.perf_counter() - started, status)
        if think:
            time.sleep(rng.uniform(1.0, think))


def _percentile(values: list[float], share: float) -> float:
    return values[min(len(values) - 1, int(len(values) * share))] * 1000


def run_step(personas: list[Persona], users: int, seconds: int, think: float, seed_value: int) -> Results:
    rng = random.Random(seed_value + users)  # noqa: S311  (reproducible mix)
    chosen = _mix(personas, users, rng)
    results = Results()
    until = time.monotonic() + seconds
    threads = []
    for index, persona in enumerate(chosen):
        # Start the users over the first 5 s, as people arrive, not all in the same millisecond.
        rng_user = random.Random(seed_value * 1000 + index)  # noqa: S311  (reproducible clicks)
        thread = threading.Thread(target=_user, args=(persona, until, think, results, rng_user))
        threads.append(thread)
        thread.start()
        time.sleep(5 / users)
    for thread in threads:
        thread.join()
    return results


def report(users: int, seconds: int, results: Results, started: float) -> None:
    samples = results.samples
    times = sorted(s for _, s, _ in samples)
    errors = [status for _, _, status in samples if status != 200]
    p50, p95, p99 = (_percentile(times, q) for q in (0.50, 0.95, 0.99))
    print(
        f"{users:>4} users  {len(samples):>6} requests  {len(samples) / seconds:6.1f} req/s  "
        f"errors {len(errors)}  p50 {p50:6.0f} ms  p95 {p95:6.0f} ms  p99 {p99:6.0f} ms  "
        f"max {times[-1] * 1000:6.0f} ms"
    )
    if errors:
        counts: dict[int, int] = defaultdict(int)
        for status in errors:
            counts[status] += 1
        print("      errors by status (0 = no answer):", dict(sorted(counts.items())))
        seconds_in = sorted({int(at - started) for at in results.errors_at})
        print(f"      errors in seconds {seconds_in[0]}..{seconds_in[-1]} of the step; none after")
    groups: dict[str, list[float]] = defaultdict(list)
    for group, seconds_taken, _ in samples:
        groups[group].append(seconds_taken)
    rows = sorted(groups.items(), key=lambda item: -_percentile(sorted(item[1]), 0.95))
    for group, values in rows[:6]:
        values.sort()
        print(
            f"      {group:<28} n {len(values):>5}  p50 {statistics.median(values) * 1000:6.0f} ms  "
            f"p95 {_percentile(values, 0.95):6.0f} ms"
        )


def check_reports(results: Results) -> None:
    """Every report answered 200 exists exactly once and whole (a priority concern of the children's
    channel with its tracking code and its audit entry); say what became of the others."""
    from django.db import connection

    from pantau.audit.models import AuditEvent
    from pantau.cases.models import Concern

    connection.close()  # this process's own connection did not survive a --restart-postgres
    child = Concern.objects.filter(source=Concern.Source.CHILD, description__startswith="loadtest-")
    stored: dict[str, list[Concern]] = defaultdict(list)
    for concern in child:
        stored[concern.description].append(concern)
    audited = set(
        AuditEvent.objects.filter(
            action="concern.created", target_id__in=[str(c.pk) for c in child]
        ).values_list("target_id", flat=True)
    )
    whole = all(
        len(rows) == 1 and rows[0].is_priority and rows[0].tracking_code and str(rows[0].pk) in audited
        for rows in stored.values()
    )
    answered = {token for token, status in results.reports.items() if status == 200}
    missing = answered - stored.keys()
    others = results.reports.keys() - answered
    print(
        f"      children's reports: {len(results.reports)} sent, {len(answered)} answered 200 and "
        f"{len(answered) - len(missing)} of those stored; every stored report once and whole: {whole}; "
        f"{len(others)} not answered 200, {len(others & stored.keys())} of them stored (whole)"
    )


def restart_postgres(after: float) -> threading.Thread:
    def restart() -> None:
        time.sleep(after)
        version = sorted(path.name for path in Path("/etc/postgresql").iterdir())[0]
        started = time.monotonic()
        subprocess.run(  # noqa: S603  (the machine's own PostgreSQL)
            ["/usr/bin/pg_ctlcluster", "--skip-systemctl-redirect", version, "main", "restart"], check=True
        )
        print(f"      PostgreSQL restarted ({time.monotonic() - started:.1f} s)", flush=True)

    thread = threading.Thread(target=restart)
    thread.start()
    return thread


def start_server(url: str) -> subprocess.Popen[bytes]:
    env = _env(url)
    python = sys.executable
    for command in (["collectstatic", "--noinput", "-v0"], ["createcachetable"]):
        subprocess.run([python, "manage.py", *command], cwd=ROOT, env=env, check=True)  # noqa: S603
    server = subprocess.Popen(  # noqa: S603  (our own interpreter, fixed arguments)
        [python, "-m", "gunicorn", "-c", "gunicorn.conf.py", "pantau.wsgi", "--bind", f"127.0.0.1:{PORT}"],
        cwd=ROOT,
        env={**env, "GUNICORN_CMD_ARGS": "--access-logfile /dev/null"},
        start_new_session=True,
    )
    for _ in range(120):
        if _get("/health/", "") == 200:
            return server
        time.sleep(0.5)
    stop_server(server)
    raise SystemExit("gunicorn did not answer /health/ within 60 s")


def stop_server(server: subprocess.Popen[bytes]) -> None:
    os.killpg(server.pid, signal.SIGTERM)
    server.wait(timeout=60)


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--users", default="10,50,100", help="the steps, comma-separated")
    parser.add_argument("--seconds", type=int, default=60, help="how long each step runs")
    parser.add_argument(
        "--think", type=float, default=5.0, help="reading time 1..N s between clicks; 0: none"
    )
    parser.add_argument("--seed", type=int, default=20)
    parser.add_argument("--restart-postgres", action="store_true", help="restart it during the first step")
    args = parser.parse_args()
    url = os.environ.get("PANTAU_BENCH_DATABASE_URL", DEFAULT_DB)
    os.environ["PANTAU_SECRET_KEY"] = SECRET
    seed(url)
    personas = _personas(args.seed)
    print(f"{len(personas)} people prepared; server: gunicorn.conf.py (threaded), PANTAU_ENV=production")
    server = start_server(url)
    try:
        for _ in range(20):  # warm every worker's first connection and templates before measuring
            _get("/check/", "")
        for step, users in enumerate(int(n) for n in args.users.split(",")):
            restart = restart_postgres(args.seconds / 3) if args.restart_postgres and step == 0 else None
            started = time.monotonic()
            results = run_step(personas, users, args.seconds, args.think, args.seed)
            if restart:
                restart.join()
            report(users, args.seconds, results, started)
            check_reports(results)
    finally:
        stop_server(server)


if __name__ == "__main__":
    main()
