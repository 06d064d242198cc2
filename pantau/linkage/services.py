"""Operations on linkage: batch runs, officers' decisions on candidate pairs, registration warnings."""

from __future__ import annotations

import logging
import traceback
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from pantau.accounts.access import actor_of, may_run_linkage
from pantau.accounts.models import User
from pantau.audit.services import audit_record
from pantau.children.models import Child
from pantau.lib.jobs import if_worker_gone, job_lease, mark_lost_tasks, pause_for_fault_test
from pantau.linkage import disclosure, engine, keys
from pantau.linkage.models import CandidatePair, LinkageRun
from pantau.linkage.registration import Match
from pantau.linkage.selectors import require_pair_side
from pantau.regions.models import Region, region_q

log = logging.getLogger(__name__)


def run_region(user: User, requested: str) -> str:
    """The region a run asked for by ``user`` covers: the given code, or their whole jurisdiction."""
    actor = actor_of(user)
    region = requested.strip() or (actor.jurisdiction or "" if actor else "")
    if region and not Region.objects.filter(code=region).exists():
        raise ValidationError({"region": [_("No region has this code.")]})
    if not may_run_linkage(user, region):
        raise ValidationError({"region": [_("This region is outside your jurisdiction.")]})
    return region


def run_queue(*, actor: User | None, region_code: str) -> LinkageRun:
    run = LinkageRun.objects.create(region_code=region_code, started_by=actor)
    audit_record(
        action="linkage.run_started",
        actor=actor,
        target=run,
        changes={"region": [None, region_code or "national"]},
    )
    return run


def _decided(status: str) -> list[tuple[int, int]]:
    return list(CandidatePair.objects.filter(status=status).values_list("child_a_id", "child_b_id"))


def run_execute(
    run: LinkageRun, *, u_pairs: int = engine.U_SAMPLE_PAIRS, refresh_keys: bool = False
) -> LinkageRun:
    """Link every child recorded in the run's region (all statuses: a child who left one home may be
    in another), then store the pairs for review. Officers' decisions are kept and used.

    The run holds its lock (``pantau.lib.jobs``) while it works, so ``recover_jobs`` can tell a run whose
    worker died; the pairs and the run's "done" are written in one transaction."""
    with job_lease("linkage", run.pk) as mine:
        if not mine:  # another worker is running this very run
            run.refresh_from_db()
            return run
        return _execute(run, u_pairs=u_pairs, refresh_keys=refresh_keys)


def _execute(run: LinkageRun, *, u_pairs: int, refresh_keys: bool) -> LinkageRun:
    LinkageRun.objects.filter(pk=run.pk).update(status=LinkageRun.Status.RUNNING, started_at=timezone.now())
    try:
        children = (
            Child.objects.filter(region_q("region_code", run.region_code or None))
            .only(*keys.FIELDS)
            .order_by()
            .iterator(chunk_size=5000)
        )
        # The registration-time check's keys are kept by every service that writes a child; a run can
        # rebuild them on the way (after a repair directly in the database, say). Derived data: a run
        # killed on the way leaves some rebuilt, which is harmless.
        table = engine.prepare(keys.raw_records(children), each_chunk=keys.store if refresh_keys else None)
        ids = set(table.column("unique_id").to_pylist())
        same = [p for p in _decided(CandidatePair.Status.SAME) if p[0] in ids and p[1] in ids]
        different = [p for p in _decided(CandidatePair.Status.DIFFERENT) if p[0] in ids and p[1] in ids]
        result = engine.run(table, same=same, different=different, u_pairs=u_pairs) if len(ids) > 1 else None
        trained = bool(result and result.stats["trained"])
        with transaction.atomic():
            new = _store_pairs(run, result) if result else 0
            LinkageRun.objects.filter(pk=run.pk).update(
                status=LinkageRun.Status.DONE,
                finished_at=timezone.now(),
                records=len(ids),
                pairs=result.pairs.num_rows if result else 0,
                new_pairs=new,
                clusters=result.stats["clusters"] if result else len(ids),
                labels=len(same) if trained and len(same) >= 20 else 0,
                # Only a model trained on this run's records serves the registration check afterwards; a
                # small run scored with the shipped model (its prior rescaled to the run) does not replace it.
                model=result.model if result and trained else {},
            )
            pause_for_fault_test("linkage-store")  # a fault test kills the worker here
    except Exception as error:
        # The trace shows where it failed; the message, which may quote a value, stays out of the log.
        log.error(
            "linkage run %s failed: %s\n%s",
            run.pk,
            type(error).__name__,
            "".join(traceback.format_tb(error.__traceback__)),
        )
        LinkageRun.objects.filter(pk=run.pk).update(
            status=LinkageRun.Status.FAILED, finished_at=timezone.now(), error=type(error).__name__
        )
    run.refresh_from_db()
    return run


# Stored in LinkageRun.error for a run whose worker died: the page explains it in the reader's language.
INTERRUPTED = "interrupted"
RUN_TASK_PATH = "pantau.linkage.tasks.run_linkage"


def runs_recover() -> list[int]:
    """Mark the runs whose worker is gone as failed (interrupted); nothing of them was stored. Their
    ids. An officer starts a new run from the runs page (a run has no input of its own to keep)."""
    recovered = []
    for run_id in LinkageRun.objects.filter(status=LinkageRun.Status.RUNNING).values_list("pk", flat=True):
        with if_worker_gone("linkage", run_id) as gone:
            if gone and LinkageRun.objects.filter(pk=run_id, status=LinkageRun.Status.RUNNING).update(
                status=LinkageRun.Status.FAILED, finished_at=timezone.now(), error=INTERRUPTED
            ):
                recovered.append(run_id)
                run = LinkageRun.objects.get(pk=run_id)
                audit_record(
                    action="linkage.run_interrupted",
                    actor=None,
                    target=run,
                    target_region=run.region_code,
                    changes={"status": ["running", "interrupted"]},
                )
                log.warning("linkage run %s was interrupted (its worker is gone); marked failed", run_id)
    mark_lost_tasks(RUN_TASK_PATH, recovered)
    return recovered


def _store_pairs(run: LinkageRun, result: engine.Result) -> int:
    """Insert new candidate pairs and refresh the scores of undecided ones; decisions stay as they are."""
    scored = result.pairs.to_pydict()
    rows = {
        (a, b): (w, p)
        for a, b, w, p in zip(
            scored["unique_id_l"],
            scored["unique_id_r"],
            scored["match_weight"],
            scored["match_probability"],
            strict=True,
        )
    }
    with transaction.atomic():
        existing = {
            (a, b): (pk, status)
            for pk, a, b, status in CandidatePair.objects.filter(
                child_a_id__in={a for a, _b in rows}
            ).values_list("pk", "child_a_id", "child_b_id", "status")
        }
        new, update = [], []
        for (a, b), (weight, probability) in rows.items():
            cluster = result.clusters.get(a)
            if (a, b) not in existing:
                new.append(
                    CandidatePair(
                        child_a_id=a,
                        child_b_id=b,
                        match_weight=weight,
                        match_probability=probability,
                        cluster=cluster,
                        run=run,
                    )
                )
            elif existing[(a, b)][1] == CandidatePair.Status.PENDING:
                update.append(
                    CandidatePair(
                        pk=existing[(a, b)][0],
                        match_weight=weight,
                        match_probability=probability,
                        cluster=cluster,
                        run=run,
                    )
                )
        # A pair saved at registration while the run was scoring is already there: keep it.
        CandidatePair.objects.bulk_create(new, batch_size=5000, ignore_conflicts=True)
        CandidatePair.objects.bulk_update(
            update, ["match_weight", "match_probability", "cluster", "run"], batch_size=5000
        )
    return len(new)


def pair_decide(
    *, actor: User, pair: CandidatePair, status: str, note: str, expected_version: int
) -> CandidatePair:
    """Record an officer's decision on a pair they may review (``candidate_pairs_visible_to``).

    * **Same child** confirms the sides of the pair the officer's office is responsible for (the
      children it sees in full: ``pair_sides_to_confirm``). When both sides are confirmed (by one office
      responsible for both, or by each office for its own child) the pair is "same child" and the records
      are linked; until then it stays to review, "confirmed by one office". A confirmed side is shown to
      the other office (``may_see_pair_child``), so an office that sees only its own child releases it
      by confirming, and the other office decides with both records in front of it.
    * **Different children** may be decided by either office: it discloses nothing. It clears both
      confirmations (the masks come back) and the pair is never proposed again.
    * **Reopening** (back to review, with a reason) clears both confirmations too.
    """
    if status not in (
        CandidatePair.Status.SAME,
        CandidatePair.Status.DIFFERENT,
        CandidatePair.Status.PENDING,
    ):
        raise ValidationError({"status": _("Choose 'same child' or 'different children'.")})
    if status == CandidatePair.Status.PENDING and not note.strip():
        raise ValidationError({"note": _("Say why the decision is reopened.")})
    sides = require_pair_side(actor, pair) if status == CandidatePair.Status.SAME else set()
    with transaction.atomic():
        locked = CandidatePair.objects.select_for_update().get(pk=pair.pk)
        if locked.version != expected_version:
            raise ValidationError(
                _("Someone else decided on this pair meanwhile. Reload the page and check again.")
            )
        # A pair to review that one office has confirmed can be reopened: that withdraws the confirmation.
        if locked.status == status and not (
            status == CandidatePair.Status.PENDING and _confirmed_ids(locked)
        ):
            raise ValidationError(_("This pair already has that decision."))
        before = locked.status
        changes: dict[str, Any] = {}
        if status == CandidatePair.Status.SAME:
            confirmed = [c for c in sorted(sides) if locked.confirmed_by(c) is None]
            if not confirmed:
                raise ValidationError(
                    _("Your office has already confirmed this pair; the other office has yet to decide.")
                )
            for child_id in confirmed:
                if child_id == locked.child_a_id:
                    locked.confirmed_a_by = actor
                else:
                    locked.confirmed_b_by = actor
            changes["confirmed"] = [None, confirmed]
            both = locked.confirmed_a_by_id is not None and locked.confirmed_b_by_id is not None
            status = CandidatePair.Status.SAME if both else CandidatePair.Status.PENDING
        else:
            if locked.confirmed_a_by_id or locked.confirmed_b_by_id:
                changes["confirmed"] = [_confirmed_ids(locked), None]
            locked.confirmed_a_by = locked.confirmed_b_by = None
        reopened = status == CandidatePair.Status.PENDING and not sides
        locked.status = status
        locked.note = note.strip()
        # Who decided (or confirmed one side) last; nobody once reopened.
        locked.decided_by = None if reopened else actor
        locked.decided_at = None if reopened else timezone.now()
        locked.version += 1
        locked.save()
        if before != status:
            changes["status"] = [before, status]
        _audit_pair(actor, "linkage.pair_decided", locked, changes)
    return locked


def _confirmed_ids(pair: CandidatePair) -> list[int]:
    return [c for c in (pair.child_a_id, pair.child_b_id) if pair.confirmed_by(c) is not None]


def _audit_pair(actor: User, action: str, pair: CandidatePair, changes: dict[str, Any]) -> None:
    # Once in each child's region: each office's auditors see what was done with their children.
    a, b = pair.child_a, pair.child_b
    for region in dict.fromkeys([a.region_code, b.region_code]):
        audit_record(action=action, actor=actor, target=pair, target_region=region, changes=changes)


def pair_open(*, actor: User, pair: CandidatePair) -> disclosure.PairView:
    """The pair as ``actor`` may see it (each child in full or masked: ``may_see_pair_child``); the
    opening is audited in both children's regions, with the children shown in full."""
    view = disclosure.pair_view(actor, pair)
    shown = [c for c, full in ((pair.child_a_id, view.shown_a), (pair.child_b_id, view.shown_b)) if full]
    _audit_pair(
        actor,
        "linkage.pair_viewed",
        pair,
        {"children": [None, [pair.child_a_id, pair.child_b_id]], "shown": [None, shown]},
    )
    return view


def check_audit(*, actor: User, matches: list[Match]) -> None:
    """A registration-time check that found candidates: who was shown what, saved or not."""
    if matches:
        audit_record(
            action="linkage.checked",
            actor=actor,
            target_type="linkage.candidates",
            changes={"candidates": [None, [match.child.pk for match in matches]]},
        )


def registration_pairs(*, actor: User, child: Child, matches: list[Match]) -> None:
    """A child saved despite a warning: the candidates go to Dinas Sosial's review queue."""
    pairs = [
        CandidatePair(
            child_a_id=min(child.pk, match.child.pk),
            child_b_id=max(child.pk, match.child.pk),
            match_probability=match.score.match_probability,
            match_weight=match.score.match_weight,
            source=CandidatePair.Source.REGISTRATION,
        )
        for match in matches
    ]
    CandidatePair.objects.bulk_create(pairs, ignore_conflicts=True)
    audit_record(
        action="linkage.registration_warning",
        actor=actor,
        target=child,
        target_region=child.region_code,
        changes={"candidates": [None, [match.child.pk for match in matches]]},
    )


def linked_children(child: Child) -> list[int]:
    """Ids of the records decided to be the same child as ``child`` (directly)."""
    pairs = CandidatePair.objects.filter(
        Q(child_a=child) | Q(child_b=child), status=CandidatePair.Status.SAME
    )
    return [b if a == child.pk else a for a, b in pairs.values_list("child_a_id", "child_b_id")]
