"""The links that matter, derived from the index. Each signal is about one home (its supervising office
works it) and keeps the facts its explanation is made from: ids and counts, never a name.

* ``shared_account``: a bank account, e-wallet or QRIS collecting for two or more homes run by different
  foundations (homes of one foundation, by its AHU number or name, count once: one yayasan may rightly
  collect for its several homes).
* ``personal_account``: a home's appeal (a post of its monitored account) pays into an account held by a
  person. A PUB permit covers the organisation's account only (rules-and-data.md §5, from regional SOPs:
  unverified against Permensos 8/2021; the signal only asks a reviewer to look). A personal account in
  the registry is the legality rules' finding already (registry/legality.py), not counted twice.
* ``person_of_concern``: an active staff or board member of a home is, by the same NIK or the same name
  and date of birth, a person alleged in a case about another home (or no home), or barred elsewhere.
  A name alone never links; two records with different NIKs are two people.
* ``intermediary_contact``: a phone or account on a home's appeal (a post giving somewhere to send
  money) or its registry contact is also an intermediary's in a family-care file. A number in a post
  asking for nothing does not count.
* ``paper_orphans``: a home's posts of the last 12 months call its children "yatim piatu" while most of its
  children in care (at least ``PAPER_ORPHANS_MIN``) have a living parent.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from datetime import timedelta
from typing import Any

from django.db.models import Count, Q
from django.utils import timezone

from pantau.children.models import Child, ParentStatus
from pantau.lib.names import fold
from pantau.monitoring.models import Post
from pantau.network.models import COLLECTING, Kind, Occurrence, Role, Signal, Source
from pantau.registry.models import LegalEntity, Lksa
from pantau.supervision import plan_store
from pantau.supervision.risk import LIVING_PARENT_SHARE

Code = Signal.Code
Wanted = dict[tuple[str, int, int | None], dict[str, Any]]

CLAIM_DAYS = 365
PAPER_ORPHANS_MIN = 3  # children in care, below which a share says nothing
ORPHAN_CLAIM = r"yatim[^a-z0-9]{0,3}piatu"
CITED = 50  # occurrences kept per signal as its evidence
APPEAL_SOURCES = (Source.HOME, Source.BANK_ACCOUNT, Source.POSTS)


def _scoped(rows: Any, entity_ids: set[int] | None) -> Any:
    return rows if entity_ids is None else rows.filter(entity_id__in=entity_ids)


def _operators(home_ids: Iterable[int]) -> dict[int, str]:
    """The foundation behind each home (its AHU number, else its folded name; the home itself when none
    is on record)."""
    found = {pk: f"home:{pk}" for pk in home_ids}
    for home, ahu, name in LegalEntity.objects.filter(lksa_id__in=list(found)).values_list(
        "lksa_id", "ahu_number", "name"
    ):
        found[home] = f"ahu:{ahu.strip().upper()}" if ahu.strip() else f"name:{fold(name)}"
    return found


def shared_accounts(entity_ids: set[int] | None) -> Wanted:
    collecting = _scoped(Occurrence.objects.filter(role__in=COLLECTING, lksa__isnull=False), entity_ids)
    several = (
        collecting.values("entity_id").annotate(homes=Count("lksa_id", distinct=True)).filter(homes__gte=2)
    ).values("entity_id")
    rows = list(collecting.filter(entity_id__in=several).values_list("entity_id", "lksa_id", "pk"))
    operators = _operators({home for _, home, _ in rows})
    by_entity: dict[int, list[tuple[int, int]]] = defaultdict(list)
    for entity, home, pk in rows:
        by_entity[entity].append((home, pk))
    wanted: Wanted = {}
    for entity, places in by_entity.items():
        homes = sorted({home for home, _ in places})
        if len({operators[home] for home in homes}) < 2:
            continue
        facts = {"homes": homes, "occurrences": sorted(pk for _, pk in places)[:CITED]}
        for home in homes:
            wanted[(Code.SHARED_ACCOUNT, home, entity)] = facts
    return wanted


def personal_accounts(entity_ids: set[int] | None) -> Wanted:
    rows = _scoped(
        Occurrence.objects.filter(
            role=Role.COLLECTS, holder_kind="person", lksa__isnull=False, source=Source.POSTS
        ),
        entity_ids,
    ).values_list("entity_id", "lksa_id", "pk", "count")
    wanted: Wanted = {}
    for entity, home, pk, count in rows:
        facts = wanted.setdefault((Code.PERSONAL_ACCOUNT, home, entity), {"occurrences": [], "posts": 0})
        facts["occurrences"].append(pk)
        facts["posts"] += count
    return wanted


def persons_of_concern(entity_ids: set[int] | None) -> Wanted:
    concerning = Occurrence.objects.filter(role__in=[Role.ALLEGED, Role.BARRED])
    staff = list(
        _scoped(
            Occurrence.objects.filter(
                role__in=[Role.STAFF, Role.BOARD], entity__kind=Kind.PERSON, lksa__isnull=False
            ).filter(entity_id__in=concerning.values("entity_id")),
            entity_ids,
        ).values_list("entity_id", "lksa_id", "pk", "source_id", "person_nik_hash", "entity__label")
    )
    others: dict[int, list[tuple[int, int | None, str, str]]] = defaultdict(list)
    for entity, home, pk, nik_hash, role in concerning.filter(
        entity_id__in={s[0] for s in staff}
    ).values_list("entity_id", "lksa_id", "pk", "person_nik_hash", "role"):
        others[entity].append((pk, home, nik_hash, role))
    best: dict[tuple[int, int], tuple[int, int, dict[str, Any]]] = {}  # (home, staff record) -> one signal
    for entity, home, pk, staff_id, nik_hash, label in staff:
        matches = [
            (other, role)
            for other, other_home, other_nik, role in others[entity]
            if other_home != home and not (nik_hash and other_nik and nik_hash != other_nik)
        ]
        if not matches:
            continue
        by_nik = label.endswith("(NIK)")
        facts = {
            "occurrences": [pk, *sorted(m for m, _ in matches)][:CITED],
            "alleged": sum(role == Role.ALLEGED for _, role in matches),
            "barred": sum(role == Role.BARRED for _, role in matches),
            "strength": "nik" if by_nik else "name_birth",
        }
        rank = 0 if by_nik else 1
        if (home, staff_id) not in best or rank < best[(home, staff_id)][0]:
            best[(home, staff_id)] = (rank, entity, facts)
    return {(Code.PERSON_OF_CONCERN, home, entity): facts for (home, _), (_, entity, facts) in best.items()}


def intermediary_contacts(entity_ids: set[int] | None) -> Wanted:
    intermediaries = Occurrence.objects.filter(role=Role.INTERMEDIARY)
    # The home's own contact in the registry, or a number or account on one of its appeals.
    appeal = Q(source=Source.HOME) | Q(role__in=[Role.APPEAL_CONTACT, *COLLECTING], source__in=APPEAL_SOURCES)
    appeals = _scoped(
        Occurrence.objects.filter(appeal, lksa__isnull=False).filter(
            entity_id__in=intermediaries.values("entity_id")
        ),
        entity_ids,
    ).values_list("entity_id", "lksa_id", "pk")
    appeal_rows = list(appeals)
    files: dict[int, list[int]] = defaultdict(list)
    for entity, pk in intermediaries.filter(entity_id__in={e for e, _, _ in appeal_rows}).values_list(
        "entity_id", "pk"
    ):
        files[entity].append(pk)
    wanted: Wanted = {}
    for entity, home, pk in appeal_rows:
        facts = wanted.setdefault(
            (Code.INTERMEDIARY_CONTACT, home, entity),
            {"occurrences": sorted(files[entity])[:CITED], "files": 0},
        )
        facts["files"] = len(files[entity])
        facts["occurrences"] = sorted({pk, *facts["occurrences"]})[:CITED]
    return wanted


def paper_orphans(home_ids: set[int] | None) -> Wanted:
    since = timezone.now() - timedelta(days=CLAIM_DAYS)
    posts = Post.objects.filter(
        account__lksa__isnull=False, captured_at__gte=since, text__iregex=ORPHAN_CLAIM
    )
    if home_ids is not None:
        posts = posts.filter(account__lksa_id__in=home_ids)
    cited: dict[int, list[int]] = defaultdict(list)
    for home, pk in posts.values_list("account__lksa_id", "pk").order_by("-pk").iterator(chunk_size=5000):
        cited[home].append(pk)
    claims = {home: len(pks) for home, pks in cited.items()}
    if not claims:
        return {}
    alive = Q(mother_status=ParentStatus.ALIVE) | Q(father_status=ParentStatus.ALIVE)
    children = (
        Child.objects.filter(lksa_id__in=list(claims), status=Child.Status.IN_CARE)
        .values("lksa_id")
        .annotate(n=Count("pk"), living=Count("pk", filter=alive))
        .order_by()
        .values_list("lksa_id", "n", "living")
    )
    return {
        (Code.PAPER_ORPHANS, home, None): {
            "claims": claims[home],
            "in_care": n,
            "living_parent": living,
            "claim_posts": cited[home][:CITED],  # the newest posts making the claim: its evidence
        }
        for home, n, living in children
        if n >= PAPER_ORPHANS_MIN and living > LIVING_PARENT_SHARE * n
    }


def _with_siblings(entity_ids: set[int]) -> set[int]:
    """The entities found in the same records as ``entity_ids`` (a staff member's NIK and name keys):
    a signal chosen among them must be re-decided together."""
    records = Occurrence.objects.filter(entity_id__in=entity_ids, entity__kind=Kind.PERSON).values_list(
        "source", "source_id"
    )
    where = Q()
    for source, source_id in set(records):
        where |= Q(source=source, source_id=source_id)
    if not where:
        return entity_ids
    return entity_ids | set(Occurrence.objects.filter(where).values_list("entity_id", flat=True))


def detect(*, entity_ids: set[int] | None, home_ids: set[int] | None) -> dict[str, int]:
    """Re-derive the signals of ``entity_ids`` and of ``home_ids`` (None and None: every signal). A signal
    that no longer holds is deleted while nobody has acted on it, else kept as not holding."""
    if entity_ids is not None:
        entity_ids = _with_siblings(set(entity_ids))
    wanted: Wanted = {}
    for detector in (shared_accounts, personal_accounts, persons_of_concern, intermediary_contacts):
        wanted.update(detector(entity_ids))
    if entity_ids is None or home_ids:
        wanted.update(paper_orphans(home_ids))
    scope = Q()
    if entity_ids is not None:
        scope = Q(entity_id__in=entity_ids) | Q(entity__isnull=True, lksa_id__in=home_ids or [])
    return _apply(wanted, Signal.objects.filter(scope))


def _gist(facts: dict[str, Any]) -> dict[str, Any]:
    return {key: value for key, value in facts.items() if key != "occurrences"}


def _apply(wanted: Wanted, existing_scope: Any) -> dict[str, int]:
    existing = {(s.code, s.lksa_id, s.entity_id): s for s in existing_scope}
    now = timezone.now()
    moved: set[int] = set()
    new: list[Signal] = []
    updated: list[Signal] = []
    lapsed: list[Signal] = []
    dropped: list[Signal] = []
    for key, facts in wanted.items():
        code, home, entity = key
        signal = existing.get(key)
        if signal is None:
            new.append(Signal(code=code, lksa_id=home, entity_id=entity, facts=facts))
        elif signal.facts != facts or not signal.holds:
            # Occurrence ids change with every rebuild; only the rest is news to the visit plan.
            if _gist(signal.facts) != _gist(facts) or not signal.holds:
                moved.add(home)
            signal.facts, signal.holds, signal.checked_at = facts, True, now
            updated.append(signal)
    for key, signal in existing.items():
        if key in wanted or not signal.holds:
            continue
        (dropped if signal.status == Signal.Status.OPEN else lapsed).append(signal)
        signal.holds, signal.checked_at = False, now
    regions = dict(Lksa.objects.filter(pk__in={s.lksa_id for s in new}).values_list("pk", "region_code"))
    for signal in new:
        signal.region_code = regions[signal.lksa_id]
    Signal.objects.bulk_create(new, batch_size=1000)
    Signal.objects.bulk_update(updated + lapsed, ["facts", "holds", "checked_at"], batch_size=1000)
    Signal.objects.filter(pk__in=[s.pk for s in dropped]).delete()
    moved |= {s.lksa_id for s in new + lapsed + dropped}
    if moved:
        plan_store.forget(moved)
    return {"raised": len(new), "updated": len(updated), "lapsed": len(lapsed), "dropped": len(dropped)}
