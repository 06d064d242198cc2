"""/api/v1/incidents by persona: the home posts and lists its own; Dinas Sosial lists its region's; the
police are refused; bad input is refused field by field (422) with nothing saved."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import timedelta
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from pantau.accounts.models import User
from pantau.accounts.services import api_token_create
from pantau.cases.models import Concern
from pantau.incidents.models import IncidentReport
from pantau.incidents.tests.conftest import Homes

pytestmark = pytest.mark.django_db
Make = Callable[..., IncidentReport]


def _bearer(user: User) -> Client:
    _, clear = api_token_create(user=user, name="test", days=1)
    return Client(HTTP_AUTHORIZATION=f"Bearer {clear}", HTTP_ACCEPT_LANGUAGE="en")


def _body(**extra: Any) -> dict[str, Any]:
    now = timezone.now()
    body = {
        "kind": "exploitation",
        "happened_at": (now - timedelta(hours=30)).isoformat(),
        "learned_at": (now - timedelta(hours=28)).isoformat(),
        "description": "Seseorang menawarkan uang agar anak-anak tampil di siaran langsung.",
        "action_taken": "Tamu diminta pergi; nomor teleponnya dicatat.",
        "police_informed": False,
        "children_count": 3,
    }
    body.update(extra)
    return body


def _post(client: Client, body: dict[str, Any]) -> Any:
    return client.post("/api/v1/incidents", json.dumps(body), content_type="application/json")


def test_the_home_reports_through_the_api(homes: Homes) -> None:
    client = _bearer(homes.world.user("lksa_operator"))
    response = _post(client, _body(children=[homes.children[1].pk]))
    assert response.status_code == 201
    out = response.json()
    report = IncidentReport.objects.get()
    assert out["id"] == report.pk
    assert (out["kind"], out["lksa_name"], out["status"]) == ("exploitation", "LKSA Kasih Bunda", "received")
    assert (out["is_late"], out["late_by_hours"], out["children_linked"]) == (True, 4.0, 1)
    assert out["concern_tracking_code"] == Concern.objects.get().tracking_code
    assert Concern.objects.get().is_priority is True
    listed = client.get("/api/v1/incidents").json()
    assert [r["id"] for r in listed["items"]] == [report.pk]


@pytest.mark.parametrize(
    ("extra", "field"),
    [
        ({"kind": "flood"}, "kind"),
        ({"description": "x" * 4001}, "description"),
        ({"children_count": -1}, "children_count"),
        ({"learned_at": (timezone.now() + timedelta(days=1)).isoformat()}, "learned_at"),
        ({"description": "Budi Santoso diajak tampil."}, "description"),
    ],
)
def test_bad_input_is_refused_with_nothing_saved(homes: Homes, extra: dict[str, Any], field: str) -> None:
    response = _post(_bearer(homes.world.user("lksa_operator")), _body(**extra))
    assert response.status_code == 422
    assert field in json.dumps(response.json()["detail"])
    assert (IncidentReport.objects.count(), Concern.objects.count()) == (0, 0)


def test_another_homes_child_reads_as_unknown(homes: Homes) -> None:
    medan_child = homes.medan.children.get()
    response = _post(_bearer(homes.world.user("lksa_operator")), _body(children=[medan_child.pk]))
    assert response.status_code == 422
    assert response.json()["detail"] == {"children": ["Only children of your own home can be linked."]}


def test_the_agencies_read_within_their_jurisdiction(homes: Homes, make_report: Make) -> None:
    own = make_report()
    medan = make_report(by=homes.medan_operator)
    w = homes.world
    dinsos = _bearer(w.user("supervisor"))
    assert [r["id"] for r in dinsos.get("/api/v1/incidents").json()["items"]] == [own.pk]
    assert dinsos.get(f"/api/v1/incidents/{own.pk}").status_code == 200
    assert dinsos.get(f"/api/v1/incidents/{medan.pk}").status_code == 404
    assert _post(dinsos, _body()).status_code == 403
    assert dinsos.get("/api/v1/incidents", {"late": "true"}).json()["count"] == 0
    assert _bearer(w.user("investigator")).get("/api/v1/incidents").status_code == 403
    other_home = _bearer(homes.medan_operator)
    assert other_home.get(f"/api/v1/incidents/{own.pk}").status_code == 404
