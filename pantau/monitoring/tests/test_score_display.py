"""One form of the risk score everywhere: the queue, the post, the concern it opens and the API (a whole
percentage; issue 15 §6 found "100" on the queue and "score 1.00" in the concern)."""

from __future__ import annotations

import re
from collections.abc import Callable

from django.test import Client

from pantau.monitoring.models import Post
from pantau.monitoring.tests.conftest import RISKY, Monitored


def test_queue_post_concern_and_api_show_the_same_percentage(
    monitored: Monitored, login: Callable[..., Client]
) -> None:
    post = monitored.capture(RISKY)
    Post.objects.filter(pk=post.pk).update(
        score=0.8731, entities={**post.entities, "model_probability": 0.912}
    )
    client = login(monitored.registry.world.user("supervisor"))

    queue = client.get("/monitoring/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert re.findall(r'<td data-testid="score">([^<]*)</td>', queue) == ["87%"]
    detail = client.get(f"/monitoring/posts/{post.pk}/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert '<span data-testid="score">Risk score 87%.</span>' in detail
    assert '<span data-testid="model-score">The text model alone gives 91%.</span>' in detail
    listed = client.get("/api/v1/monitoring/posts").json()
    assert [(p["score"], p["score_percent"]) for p in listed] == [(0.8731, 87)]

    response = client.post(
        f"/monitoring/posts/{post.pk}/",
        {"decision": "open_concern", "note": "Anak ditampilkan untuk donasi", "version": post.version},
    )
    assert response.status_code == 302
    post.refresh_from_db()
    assert post.opened_concern is not None
    description = post.opened_concern.description
    assert "(risk score 87%)" in description and "0.87" not in description and "1.00" not in description
