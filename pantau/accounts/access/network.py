"""Who sees the network of accounts, phones, handles and persons (pantau.network), and which of the places
an identifier was found in they may see.

An identifier is opened by the offices that act on such links: Dinas Sosial and KPAI (supervisors and
case workers: they plan visits and triage concerns) and the police (investigators). Each place it was
found in is then shown only when the reader could open the record it came from, by that record's own
rule; the others are counted, not shown. An identifier with no place the reader may see is not found
at all (404), so an id cannot be probed for what others hold.

The sources are the network app's ``Source`` values, grouped here by the rule that guards them
(``network/tests`` checks that every source is in a group).
"""

from __future__ import annotations

from typing import Any, TypeVar

from django.db.models import Q, QuerySet

from pantau.accounts.access.policy import Perm, UserLike, actor_of, has_perm
from pantau.accounts.access.records import may_see_bars
from pantau.regions.models import region_q

S = TypeVar("S", bound=QuerySet[Any])

REGISTRY_SOURCES = ("home", "bank_account", "social_account", "staff")
MONITORING_SOURCES = ("monitored_account", "posts")
CONCERN_SOURCES = ("concern",)
CASE_SOURCES = ("case_subject", "platform_request")
# A case's evidence is its lead agency's: a receiving agency opens it only when its referral shared it
# (``require_shared_section``), which a list of places cannot tell; so the lead agency only.
EVIDENCE_SOURCES = ("case_evidence",)
FAMILY_CARE_SOURCES = ("care_file", "family")
BAR_SOURCES = ("bar",)
SOURCE_GROUPS = {
    "registry": REGISTRY_SOURCES,
    "monitoring": MONITORING_SOURCES,
    "concerns": CONCERN_SOURCES,
    "cases": CASE_SOURCES + EVIDENCE_SOURCES,
    "familycare": FAMILY_CARE_SOURCES,
    "bars": BAR_SOURCES,
}


def may_use_network(user: UserLike) -> bool:
    return has_perm(user, Perm.NETWORK_VIEW)


def may_export_packet(user: UserLike) -> bool:
    """The referral packet (identifiers in full, for a PPATK or bank request): investigators, and the
    supervisors who send such links to them."""
    return has_perm(user, Perm.NETWORK_PACKET)


def occurrence_scope(user: UserLike, occurrences: S, *, visible_cases: QuerySet[Any]) -> S:
    """The places found that ``user`` may see: each by the rule of the record it came from."""
    actor = actor_of(user)
    if actor is None or not actor.can(Perm.NETWORK_VIEW):
        return occurrences.none()
    in_region = region_q("region_code", actor.jurisdiction)
    rules = [
        (Perm.REGISTRY_VIEW, Q(source__in=REGISTRY_SOURCES) & in_region),
        (Perm.MONITORING_WORK, Q(source__in=MONITORING_SOURCES) & in_region),
        (Perm.CONCERN_TRIAGE, Q(source__in=CONCERN_SOURCES) & in_region),
        (Perm.CASE_WORK, Q(source__in=CASE_SOURCES, case_id__in=visible_cases.values("pk"))),
        (Perm.FAMILY_CARE_VIEW, Q(source__in=FAMILY_CARE_SOURCES) & in_region),
    ]
    if actor.can(Perm.CASE_WORK):
        rules.append((Perm.CASE_WORK, Q(source__in=EVIDENCE_SOURCES, case__owner=actor.organisation)))
    where = Q(pk__in=[])
    for perm, rule in rules:
        if actor.can(perm):
            where |= rule
    if may_see_bars(user):
        where |= Q(source__in=BAR_SOURCES) & in_region
    return occurrences.filter(where)


def network_signal_scope(user: UserLike, signals: S) -> S:
    """Signals about the homes of the reader's jurisdiction (a signal is about one home)."""
    actor = actor_of(user)
    if actor is None or not actor.can(Perm.NETWORK_VIEW):
        return signals.none()
    return signals.filter(region_q("region_code", actor.jurisdiction))


def may_act_on_signal(user: UserLike) -> bool:
    """Opening a concern from a signal, or setting it aside: those who triage concerns (Dinas Sosial,
    KPAI) and police investigators (who open their own cases from it)."""
    actor = actor_of(user)
    return (
        actor is not None
        and actor.can(Perm.NETWORK_VIEW)
        and (actor.can(Perm.CONCERN_TRIAGE) or actor.can(Perm.INVESTIGATION_RECORD))
    )
