"""The SIMFONI-PPA export in SIMFONI's terms: one row per victim, counts per victim, who may export what."""

from __future__ import annotations

import csv
import io
import itertools
from collections.abc import Callable
from datetime import date, timedelta
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from pantau.accounts.models import Organisation, User
from pantau.audit.models import AuditEvent
from pantau.cases import simfoni
from pantau.cases.models import Case, CaseChild, CaseSubject, Investigation, Reintegration, Service
from pantau.conftest import World

_numbers = itertools.count(1)


def make_case(
    world: World, owner: Organisation | None = None, *, form: str = "eksploitasi", **extra: Any
) -> Case:
    extra.setdefault("region_code", "36.03.03")
    return Case.objects.create(
        number=f"SIM-{next(_numbers)}",
        title="Kasus uji",
        owner=owner or world.dinsos,
        form_of_violence=form,
        cluster="pka",
        summary="Ringkasan rahasia",
        opened_by=world.user("supervisor"),
        **extra,
    )


def child(case: Case, name: str, sex: str, age: int | None, education: str = "") -> CaseChild:
    return CaseChild.objects.create(case=case, name=name, sex=sex, age=age, education=education)


def service(case: Case, kind: str, by: User, on: CaseChild | None = None) -> None:
    Service.objects.create(
        case=case, case_child=on, kind=kind, provider="UPTD", started_on=timezone.localdate(), recorded_by=by
    )


@pytest.fixture
def cases(world: World) -> dict[str, Any]:
    """A case with three children, two alleged persons of three relations, services and a police
    milestone; a second case with one young adult; a third led by the UPTD PPA; one reported long ago."""
    supervisor = world.user("supervisor")
    first = make_case(world)
    a = child(first, "Ani Rahmawati", "P", 5)
    b = child(first, "Budi Santoso", "L", 12)
    child(first, "Citra Lestari", "P", 17)
    for name, relation in (("Pak Darto", "orang_tua"), ("Bu Eni", "pengurus"), ("Pak Fajar", "tetangga")):
        CaseSubject.objects.create(case=first, name=name, relation=relation)
    CaseSubject.objects.create(case=first, name="Pak Gani", relation="tetangga")
    service(first, "health", supervisor, a)
    service(first, "psychosocial", supervisor)  # for the whole case: every child
    service(first, "shelter", supervisor, a)  # no SIMFONI service
    service(first, "religious", supervisor, b)
    Investigation.objects.create(
        case=first,
        organisation=world.ppa_unit,
        stage="report",
        happened_on=timezone.localdate(),
        recorded_by=world.user("investigator"),
    )
    Reintegration.objects.create(  # Budi went home: Pemulangan and Reintegrasi Sosial, no service row
        case_child=b,
        placed_with="parents",
        region_code="36.03",
        follow_up_org=world.dinsos,
        returned_on=timezone.localdate(),
        recorded_by=supervisor,
    )
    second = make_case(world, form="seksual", place="rumah_tangga", reported_on=timezone.localdate())
    child(second, "Dewi Pratama", "L", 18, education="sd")
    uptd = make_case(world, world.uptd, form="trafficking", place="fasilitas_umum")
    child(uptd, "Eka Putri", "P", 14, education="sltp")
    old = make_case(world, reported_on=date(2020, 1, 1))
    child(old, "Fitri Lama", "P", 10)
    return {"first": first, "second": second, "uptd": uptd, "old": old}


TODAY = timezone.localdate()
PERIOD = {"start": (TODAY - timedelta(days=1)).isoformat(), "end": TODAY.isoformat()}
COUNTS = {**PERIOD, "format": "counts"}


def read_csv(response: Any) -> list[list[str]]:
    return list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))


def counts_of(response: Any) -> dict[tuple[str, str], str]:
    return {(row[0], row[1]): row[2] for row in read_csv(response)[1:]}


@pytest.mark.parametrize(
    ("age", "band"),
    [
        (0, "<6"),
        (5, "<6"),
        (6, "6-12"),
        (12, "6-12"),
        (13, "13-17"),
        (17, "13-17"),
        (18, "18-24"),
        (24, "18-24"),
        (25, "25-44"),
        (44, "25-44"),
        (45, "45-59"),
        (59, "45-59"),
        (60, "60+"),
        (None, "Tidak diketahui"),
    ],
)
def test_age_band_edges(age: int | None, band: str) -> None:
    assert simfoni.age_band(age) == band


def test_one_row_per_victim_in_simfoni_terms(
    world: World, cases: dict[str, Any], django_assert_num_queries: Any
) -> None:
    today = timezone.localdate()
    owned = Case.objects.filter(owner=world.dinsos)
    with django_assert_num_queries(6):
        rows = simfoni.victim_rows(owned, today - timedelta(days=1), today)
    assert len(rows) == 4  # three children of the first case, one of the second; not the old one
    ani, budi, citra, dewi = rows
    assert ani.victim_id == simfoni.victim_id(CaseChild.objects.get(name="Ani Rahmawati").pk)
    assert ani.victim_id.startswith("K-") and len(ani.victim_id) == 14
    assert len({row.victim_id for row in rows}) == 4
    assert (ani.sex, ani.age_band, ani.education) == ("P", "<6", "Tidak diketahui")
    assert (budi.sex, budi.age_band, citra.age_band) == ("L", "6-12", "13-17")
    assert (ani.form, ani.place) == ("Eksploitasi", "Lainnya")  # no place recorded: Lainnya
    assert ani.relations == ("Orang Tua", "Tetangga", "Lainnya")  # LKSA board member: Lainnya
    assert ani.pantau_relations == ("orang_tua", "pengurus", "tetangga")
    assert ani.services == ("Pengaduan", "Kesehatan", "Penegakan Hukum", "Rehabilitasi Sosial")
    assert budi.services == (  # his return: Reintegrasi Sosial and Pemulangan
        "Pengaduan",
        "Penegakan Hukum",
        "Rehabilitasi Sosial",
        "Reintegrasi Sosial",
        "Pemulangan",
        "Pendampingan Tokoh Agama",
    )
    assert citra.services == ("Pengaduan", "Penegakan Hukum", "Rehabilitasi Sosial")
    assert (ani.region_code, ani.reported_on) == ("36.03", today)
    assert (dewi.form, dewi.place, dewi.education, dewi.age_band) == (
        "Seksual",
        "Rumah Tangga",
        "SD",
        "18-24",
    )
    assert (dewi.relations, dewi.services) == ((), ("Pengaduan",))
    # The same pseudonym in every export.
    assert simfoni.victim_rows(owned, today - timedelta(days=1), today)[0].victim_id == ani.victim_id


def test_counts_are_per_victim(world: World, cases: dict[str, Any]) -> None:
    today = timezone.localdate()
    rows = simfoni.victim_rows(Case.objects.filter(owner=world.dinsos), today - timedelta(days=1), today)
    counts = {(d, v): n for d, v, n in simfoni.victim_counts(rows)}
    assert counts[("jumlah_korban", "Total")] == 4
    assert (counts[("bentuk_kekerasan", "Eksploitasi")], counts[("bentuk_kekerasan", "Seksual")]) == (3, 1)
    assert counts[("bentuk_kekerasan", "Fisik")] == 0 and counts[("bentuk_kekerasan", "Trafficking")] == 0
    assert (counts[("tempat_kejadian", "Lainnya")], counts[("tempat_kejadian", "Rumah Tangga")]) == (3, 1)
    assert counts[("hubungan_pelaku", "Orang Tua")] == 3
    assert counts[("hubungan_pelaku", "Tetangga")] == 3  # two neighbours, counted once per victim
    assert counts[("hubungan_pelaku", "Lainnya")] == 3 and counts[("hubungan_pelaku", "Guru")] == 0
    assert counts[("layanan", "Pengaduan")] == 4
    assert counts[("layanan", "Penegakan Hukum")] == 3 and counts[("layanan", "Rehabilitasi Sosial")] == 3
    assert counts[("layanan", "Kesehatan")] == 1 and counts[("layanan", "Pendampingan Tokoh Agama")] == 1
    assert counts[("layanan", "Reintegrasi Sosial")] == 1 and counts[("layanan", "Pemulangan")] == 1
    assert (counts[("jenis_kelamin", "P")], counts[("jenis_kelamin", "L")]) == (2, 2)
    assert [counts[("kelompok_usia", band)] for band in ("<6", "6-12", "13-17", "18-24", "25-44", "60+")] == [
        1,
        1,
        1,
        1,
        0,
        0,
    ]
    assert counts[("pendidikan", "SD")] == 1 and counts[("pendidikan", "Tidak diketahui")] == 3
    assert ("kelompok_usia", "Tidak diketahui") not in counts  # every age is known


def test_the_page_exports_counts_and_victim_rows_without_names(
    world: World, cases: dict[str, Any], login: Callable[..., Client]
) -> None:
    client = login(world.user("supervisor"))
    assert client.get("/cases/simfoni/").status_code == 200
    counts = counts_of(client.get("/cases/simfoni/", COUNTS))
    # A supervisor of Dinas Sosial counts its jurisdiction: its own cases and the UPTD PPA's.
    assert counts[("jumlah_korban", "Total")] == "5" and counts[("bentuk_kekerasan", "Trafficking")] == "1"
    response = client.get("/cases/simfoni/", {**PERIOD, "format": "victims"})
    table = read_csv(response)
    assert table[0] == simfoni.VICTIM_HEADER and len(table) == 5  # its own four victims
    text = response.content.decode("utf-8-sig")
    for secret in ("Ani", "Budi", "Rahmawati", "Pak Darto", "Bu Eni", "Ringkasan", "SIM-"):
        assert secret not in text
    assert table[1][6] == "Orang Tua; Tetangga; Lainnya"
    event = AuditEvent.objects.get(action="case.simfoni_victims_exported")
    assert event.changes == {"from": PERIOD["start"], "to": PERIOD["end"], "victims": 4}


def test_who_exports_what(world: World, cases: dict[str, Any], login: Callable[..., Client]) -> None:
    # The UPTD PPA reports its own case: counts and rows of that case only.
    uptd = login(world.user("case_worker"))
    assert counts_of(uptd.get("/cases/simfoni/", COUNTS))[("jumlah_korban", "Total")] == "1"
    rows = read_csv(uptd.get("/cases/simfoni/", {**PERIOD, "format": "victims"}))[1:]
    assert [(row[4], row[5], row[2]) for row in rows] == [("Trafficking", "Fasilitas Umum", "13-17")]
    # The police Unit PPA leads none of these: empty, but allowed.
    police = login(world.user("investigator"), Client())
    assert read_csv(police.get("/cases/simfoni/", {**PERIOD, "format": "victims"}))[1:] == []
    # A Dinas Sosial viewer sees counts, small ones withheld, and no rows.
    viewer = login(world.user("viewer"), Client())
    counts = counts_of(viewer.get("/cases/simfoni/", COUNTS))
    assert counts[("jumlah_korban", "Total")] == "5" and counts[("bentuk_kekerasan", "Seksual")] == "<5"
    assert counts[("bentuk_kekerasan", "Fisik")] == "0"
    assert viewer.get("/cases/simfoni/", {**PERIOD, "format": "victims"}).status_code == 403
    # Another province counts nothing of Kabupaten Tangerang's; an LKSA has no SIMFONI page.
    outsider = login(world.user("outsider"), Client())
    assert counts_of(outsider.get("/cases/simfoni/", COUNTS))[("jumlah_korban", "Total")] == "0"
    assert login(world.user("lksa_operator"), Client()).get("/cases/simfoni/").status_code == 403


def test_bad_period_or_format_is_refused(world: World, login: Callable[..., Client]) -> None:
    client = login(world.user("supervisor"))
    bad = client.get("/cases/simfoni/", {"start": "2026-05-01", "end": "2026-04-01"})
    assert bad.status_code == 400 and "comes after its start" in bad.content.decode()
    assert client.get("/cases/simfoni/", {**PERIOD, "format": "everything"}).status_code == 400
    assert not AuditEvent.objects.filter(action__startswith="case.simfoni").exists()


def test_simfoni_through_the_api(world: World, cases: dict[str, Any], login: Callable[..., Client]) -> None:
    client = login(world.user("supervisor"))
    counts = client.get("/api/v1/cases/simfoni/counts", PERIOD).json()
    assert {"dimension": "jumlah_korban", "value": "Total", "victims": 5} in counts
    victims = client.get("/api/v1/cases/simfoni/victims", PERIOD).json()
    assert len(victims) == 4 and victims[0]["relations"] == ["Orang Tua", "Tetangga", "Lainnya"]
    assert "Ani" not in str(victims)
    bad = client.get("/api/v1/cases/simfoni/victims", {"start": "2026-05-01", "end": "2026-04-01"})
    assert bad.status_code == 422
    viewer = login(world.user("viewer"), Client())
    assert {"dimension": "jumlah_korban", "value": "Total", "victims": 5} in viewer.get(
        "/api/v1/cases/simfoni/counts", PERIOD
    ).json()
    seksual = [
        c for c in viewer.get("/api/v1/cases/simfoni/counts", PERIOD).json() if c["value"] == "Seksual"
    ]
    assert seksual == [{"dimension": "bentuk_kekerasan", "value": "Seksual", "victims": None}]
    assert viewer.get("/api/v1/cases/simfoni/victims", PERIOD).status_code == 403


def _page_figures(html: str) -> dict[tuple[str, str], str]:
    """(dimension, SIMFONI term) -> the figure shown, read from the page's tables."""
    figures: dict[tuple[str, str], str] = {}
    for section in html.split('data-dimension="')[1:]:
        dimension = section.split('"', 1)[0]
        for row in section.split("</table>", 1)[0].split('<tr><th scope="row">')[1:]:
            value, rest = row.split("</th><td>", 1)
            figures[(dimension, value)] = rest.split("</td>", 1)[0]
    return figures


def test_the_page_shows_the_counts_per_victim(
    world: World, cases: dict[str, Any], login: Callable[..., Client], django_assert_num_queries: Any
) -> None:
    supervisor = login(world.user("supervisor"))
    assert 'value="victims"' in supervisor.get("/cases/simfoni/").content.decode()  # Dinas Sosial reports
    page = supervisor.get("/cases/simfoni/", PERIOD)
    assert page.status_code == 200
    html = page.content.decode()
    assert '<strong data-figure="total">5</strong>' in html
    figures = _page_figures(html)
    assert (
        figures[("bentuk_kekerasan", "Eksploitasi")] == "3"
        and figures[("bentuk_kekerasan", "Trafficking")] == "1"
    )
    assert (
        figures[("tempat_kejadian", "Fasilitas Umum")] == "1"
        and figures[("hubungan_pelaku", "Orang Tua")] == "3"
    )
    assert figures[("layanan", "Pengaduan")] == "5" and figures[("kelompok_usia", "13-17")] == "2"
    assert figures[("pendidikan", "SLTP")] == "1" and figures[("jenis_kelamin", "P")] == "3"
    assert (
        "Form of violence (bentuk kekerasan)" in html and "format=counts" in html and "format=victims" in html
    )
    for secret in ("Ani", "Rahmawati", "Pak Darto", "Ringkasan", "SIM-"):
        assert secret not in html
    event = AuditEvent.objects.get(action="case.simfoni_viewed")
    assert event.changes == {"from": PERIOD["start"], "to": PERIOD["end"]}
    # A viewer sees the page with the small figures withheld.
    viewer_client = login(world.user("viewer"), Client())
    assert 'value="victims"' not in viewer_client.get("/cases/simfoni/").content.decode()
    viewer = viewer_client.get("/cases/simfoni/", PERIOD).content.decode()
    withheld = _page_figures(viewer)
    assert (
        withheld[("bentuk_kekerasan", "Eksploitasi")] == "&lt;5" and withheld[("layanan", "Pengaduan")] == "5"
    )
    assert withheld[("bentuk_kekerasan", "Fisik")] == "0" and "format=victims" not in viewer
    # The police Unit PPA counts the cases it leads (none here) and may download its rows.
    police = login(world.user("investigator"), Client())
    assert 'value="victims"' in police.get("/cases/simfoni/").content.decode()
    police_page = police.get("/cases/simfoni/", PERIOD).content.decode()
    assert '<strong data-figure="total">0</strong>' in police_page and "format=victims" in police_page
    own = make_case(world, world.ppa_unit)
    child(own, "Anak A", "P", 9), child(own, "Anak B", "L", 10)
    police_page = police.get("/cases/simfoni/", PERIOD).content.decode()
    # Its own victims, whom it sees on its case files: shown whole, not "<5".
    assert '<strong data-figure="total">2</strong>' in police_page
    own.delete()
    # The number of queries does not grow with the victims.
    with django_assert_num_queries(PAGE_QUERIES):
        supervisor.get("/cases/simfoni/", PERIOD)
    more = make_case(world)
    for n in range(4):
        child(more, f"Anak {n}", "P", 8)
    with django_assert_num_queries(PAGE_QUERIES):
        html = supervisor.get("/cases/simfoni/", PERIOD).content.decode()
    assert '<strong data-figure="total">9</strong>' in html


PAGE_QUERIES = 14  # the page and the sign-in, six for the victims whatever their number, the audit record
