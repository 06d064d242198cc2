"""The home page's figures per role and the queries they cost. Core asks each app's selectors for them
(accounts, audit, monitoring); these numbers were taken before that move and must not change."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from django.utils import translation

from pantau.accounts.access import actor_of
from pantau.audit.services import audit_record
from pantau.core.home import home_context
from pantau.monitoring.tests.conftest import BABY, BENIGN, RISKY, Monitored, monitored, registry  # noqa: F401

pytestmark = pytest.mark.django_db

MOST_STAFF = [
    ("Children's home (LKSA)", 1),
    ("District Police (Polres)", 1),
    ("Police Women and Children Unit (Unit PPA)", 1),
    ("Regency/City Social Affairs Office (Dinas Sosial)", 1),
    ("Women and Child Protection Service Unit (UPTD PPA)", 1),
]


@pytest.fixture
def posts(monitored: Monitored) -> Iterator[Monitored]:  # noqa: F811
    monitored.capture(BABY)  # rujuk
    monitored.capture(RISKY)  # tinjau
    monitored.capture(RISKY + " lagi")  # tinjau
    monitored.capture(BENIGN)  # below the queue's tiers
    monitored.capture(BABY, account=monitored.medan_account)  # Medan's queue
    with translation.override("en"):
        yield monitored


def _home(posts: Monitored, persona: str, queries: int, assert_num_queries: Any) -> dict[str, Any]:
    actor = actor_of(posts.registry.world.user(persona))
    assert actor is not None
    with assert_num_queries(queries):
        context = home_context(actor)
    if "org_counts" in context:
        context["org_counts"] = [(str(label), n) for label, n in context["org_counts"]]
    # The work queues have their own tests (test_home_queues.py); here: their counts by queue.
    if context.get("queues") is not None:
        context["queues"] = {q.key: q.count for q in context["queues"]}
    return context


def test_a_supervisor_sees_the_directory_and_the_review_queue_of_their_region(
    posts: Monitored, django_assert_num_queries: Any
) -> None:
    # The directory (1), then two queries for each queue (first items, capped count) and one for the
    # agency's accepted referrals: triage (2), referrals waiting and sent (5), visits (4), findings, posts,
    # documents and proposals (2 each), duplicate pairs (1: items and their number in one read);
    # admissions waiting for gatekeeping sign-off and the three family-care cards (steps due, monitoring
    # visits due, exits without papers): one read each; the incidents homes reported late: one read.
    # Staff vetting: barred persons at a home and clearances to verify (2 each).
    # The online applications waiting: one read.
    assert _home(posts, "supervisor", 35, django_assert_num_queries) == {
        "template": "core/home_staff.html",
        "org_counts": MOST_STAFF,
        "queues": {"posts_review": 3, "visits_due": 1},
    }
    assert _home(posts, "outsider", 35, django_assert_num_queries) == {
        "template": "core/home_staff.html",
        "org_counts": [
            ("Children's home (LKSA)", 1),
            ("Regency/City Social Affairs Office (Dinas Sosial)", 1),
        ],
        "queues": {"posts_review": 1, "visits_due": 1},
    }
    # Police units: posts to refer only (the rujuk tier), not those to review.
    assert _home(posts, "investigator", 14, django_assert_num_queries)["queues"] == {"posts_rujuk": 1}


def test_roles_without_monitoring_see_no_posts(posts: Monitored, django_assert_num_queries: Any) -> None:
    assert _home(posts, "viewer", 1, django_assert_num_queries) == {
        "template": "core/home_staff.html",
        "org_counts": MOST_STAFF,
        "queues": None,
    }
    # UPTD PPA's case worker: concerns, referrals, services and follow-ups (children's, and visits after a
    # child's return), no posts.
    assert _home(posts, "case_worker", 15, django_assert_num_queries) == {
        "template": "core/home_staff.html",
        "org_counts": MOST_STAFF,
        "queues": {},
    }


def test_administrators_and_auditors_get_their_own_figures(
    posts: Monitored, django_assert_num_queries: Any
) -> None:
    system = _home(posts, "system_admin", 6, django_assert_num_queries)
    assert system["template"] == "core/home_system_admin.html"
    assert system["user_total"] == 10
    assert dict(system["org_counts"])["Children's home (LKSA)"] == 2
    assert _home(posts, "org_admin", 6, django_assert_num_queries)["member_stats"] == {
        "total": 5,
        "inactive": 0,
        "pending": 0,
    }
    # The account registration and the four captures in Kabupaten Tangerang, the last 24 hours.
    assert _home(posts, "auditor", 2, django_assert_num_queries)["audit_stats"] == {
        "failed": 0,
        "locked": 0,
        "denied": 0,
        "total": 5,
    }


def test_an_lksa_operator_sees_the_offices_that_supervise_the_home(
    posts: Monitored, django_assert_num_queries: Any
) -> None:
    # ... and the applications Dinas Sosial returned to the home (one read): 17.
    context = _home(posts, "lksa_operator", 17, django_assert_num_queries)
    actions = context.pop("actions")
    assert context == {
        "template": "core/home_lksa.html",
        "offices": [posts.registry.world.dinsos],
        "queues": {},
    }
    # Whatever waits, the home can report an incident and follow its reports, check a post, apply
    # online, keep its staff's clearances and see its aid (links, no query).
    assert [(str(a.label), a.url) for a in actions] == [
        ("Report an incident", "/incidents/new/"),
        ("Your incident reports and their status", "/incidents/"),
        ("Check a post before publishing", "/monitoring/post-check/"),
        ("Apply to Dinas Sosial online", "/applications/"),
        ("Staff police clearances and training", "/staffing/"),
        ("Social assistance received and the children recorded", "/aid/"),
    ]


def test_the_auditors_figures_count_second_factor_failures_and_address_locks(
    posts: Monitored, django_assert_num_queries: Any
) -> None:
    """Wrong codes and locked addresses are failed sign-ins and lock-outs too (a walk-through found the
    auditor's tiles at 0 while the trail held them)."""
    officer = posts.registry.world.user("supervisor")
    for action in ("auth.login_failed", "auth.second_factor_failed", "auth.second_factor_failed"):
        audit_record(action=action, actor=officer, target=officer)
    for action in ("auth.second_factor_locked", "auth.address_locked", "auth.locked_out"):
        audit_record(action=action, actor=officer, target=officer)
    stats = _home(posts, "auditor", 2, django_assert_num_queries)["audit_stats"]
    assert (stats["failed"], stats["locked"], stats["total"]) == (3, 3, 11)
