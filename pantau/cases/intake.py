"""Cases an agency opens from its own intake, and referrals within each agency's role with the consent
and legal basis recorded (issue 17).

* The police open a case from a police report (laporan polisi, LP: its number and date), the UPTD PPA
  from a walk-in or a SAPA 129 hotline call, Dinas Sosial from outreach (a raid, a rescue) or the
  hotline: ``case_open_from_intake``, through the one ``services.case_open``.
* Any agency working on a case (its lead, or one that accepted a referral of it) refers it onward within
  its role, to an agency whose role the purpose is, in the regions the purpose allows
  (pantau/accounts/access/referral_rules.py): ``referral_send``.
* Nothing of a child is shared before the legal basis, the guardian's consent and the child's assent
  are recorded, with the parts of the file shared (cases/sharing.py).
"""

from __future__ import annotations

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from pantau.accounts.access import (
    Perm,
    UserLike,
    may_refer,
    referral_refusal,
    region_in_scope,
    require,
    require_referrer,
)
from pantau.accounts.models import Organisation, User
from pantau.accounts.roles import POLICE_KINDS, OrgKind
from pantau.audit.services import audit_record
from pantau.cases import services
from pantau.cases.models import Case, Intake, Investigation, PlaceOfViolence, Referral
from pantau.cases.sharing import (
    ALL_SECTIONS,
    OWN_SECTION,
    SHARED,
    consent_errors,
    sections_for,
    shared_labels,
)
from pantau.notifications.services import notify
from pantau.registry.models import Lksa

# Which intake each kind of agency opens cases from (Perm.CASE_OPEN decides who opens at all).
INTAKES_BY_KIND: dict[str, tuple[str, ...]] = {
    **dict.fromkeys(POLICE_KINDS, (Intake.POLICE_REPORT,)),
    OrgKind.UPTD_PPA: (Intake.WALK_IN, Intake.HOTLINE),
    OrgKind.DINSOS_PROVINCE: (Intake.OUTREACH, Intake.HOTLINE),
    OrgKind.DINSOS_REGENCY: (Intake.OUTREACH, Intake.HOTLINE),
}


def intakes_for(kind: str) -> list[tuple[str, str]]:
    """(code, label) of the intakes an agency of ``kind`` opens cases from."""
    allowed = INTAKES_BY_KIND.get(kind, ())
    return [(value, str(label)) for value, label in Intake.choices if value in allowed]


def case_open_from_intake(
    *,
    actor: User,
    intake: str,
    title: str,
    form_of_violence: str,
    cluster: str,
    place: str,
    summary: str,
    lksa: Lksa | None,
    region_code: str,
    reported_on: date | None,
    police_report_number: str = "",
) -> Case:
    """Open a case led by the actor's agency from its own intake. ``lksa`` (a home concerned, if any)
    and ``region_code`` must be in the actor's jurisdiction; a police report needs its LP number and
    date. Refused as a whole with the reasons (nothing saved); audited as ``case.opened`` with the intake."""
    require(actor, Perm.CASE_OPEN, target_label="cases:case_new")
    office = actor.office
    errors: dict[str, list[str]] = {}
    if intake not in dict(intakes_for(office.kind)):
        errors["intake"] = [_("Your agency does not open cases from this intake.")]
    number = " ".join(police_report_number.split())
    if intake == Intake.POLICE_REPORT and not number:
        errors["police_report_number"] = [_("Give the police report (LP) number.")]
    if reported_on is None:
        errors["reported_on"] = [_("Give the date of the report, the visit or the call.")]
    elif reported_on > timezone.localdate():
        errors["reported_on"] = [_("The date cannot be in the future.")]
    if place not in PlaceOfViolence.values:
        errors["place"] = [_("Choose where it happened.")]
    if lksa is not None and not region_in_scope(actor, lksa.region_code):
        errors["lksa_number"] = [_("No home with this number in your jurisdiction.")]
    elif lksa is None and not region_code:
        errors["region"] = [_("Give the region where it happened.")]
    elif lksa is None and not region_in_scope(actor, region_code):
        errors["region"] = [_("This region is outside your jurisdiction.")]
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        case = services.case_open(
            actor=actor,
            concerns=[],
            title=title,
            form_of_violence=form_of_violence,
            cluster=cluster,
            summary=summary,
            lksa=lksa,
            region_code=region_code,
            intake={
                "intake": intake,
                "place": place,
                "reported_on": reported_on,
                "police_report_number": number if intake == Intake.POLICE_REPORT else "",
            },
        )
        if intake == Intake.POLICE_REPORT and reported_on is not None:
            # The report is the investigation's first milestone (SIMFONI counts the victim under law
            # enforcement from it); the police record the next ones.
            services.investigation_add(
                actor=actor,
                case=case,
                milestone=Investigation(
                    stage=Investigation.Stage.REPORT, police_report_number=number, happened_on=reported_on
                ),
            )
    return case


def _receiver_error(reason: str, to_org: Organisation, purpose: str) -> str:
    label = Referral.Purpose(purpose).label if purpose in Referral.Purpose.values else purpose
    messages = {
        "sender": _("Your agency does not refer cases for this purpose: %(purpose)s."),
        "own_agency": _("A referral goes to another agency, not your own."),
        "inactive": _("%(org)s is no longer active in Pantau: choose another agency."),
        "receiver": _("%(org)s does not take referrals for this purpose: %(purpose)s."),
        "region_missing": _("Give the region the child goes to (the child's home region for a return)."),
    }
    if reason == "region":
        if purpose in ("return", "other_region"):
            text = _("%(org)s does not cover the region given: choose an agency of that region.")
        elif purpose == "repatriation":
            text = _("Repatriation goes through a national agency (Kemensos, KemenPPPA, Bareskrim).")
        else:
            text = _(
                "%(org)s is outside the case's province: for this purpose refer to an agency of the "
                "province or a national agency."
            )
    else:
        text = messages.get(reason, _("This referral is not allowed."))
    return text % {"org": to_org.name, "purpose": label}


def referral_send(
    *,
    actor: User,
    case: Case,
    to_org: Organisation,
    purpose: str,
    note: str,
    due_on: date,
    legal_basis: str = "",
    child_assent: str = "",
    guardian_consent: str = "",
    consent_note: str = "",
    shared: list[str] | tuple[str, ...] = (),
    region_code: str = "",
) -> Referral:
    """Refer ``case`` to ``to_org`` for ``purpose``: by the lead agency or one that accepted a referral of
    the case (else PermissionDenied, audited), to an agency whose role the purpose is in a region it
    allows (``region_code``: the region the child goes to, for a return or another region), with the
    legal basis, consent and what is shared recorded. Refused as a whole with the reasons."""
    referrals = list(case.referrals.all())
    require_referrer(actor, case, referrals)
    shared = sorted(set(shared))
    errors: dict[str, list[str]] = {}
    if purpose not in Referral.Purpose.values:
        errors["purpose"] = [_("Choose the purpose of the referral.")]
    else:
        reason = referral_refusal(actor, case, to_org, purpose, region_code=region_code)
        if reason:
            field = "region" if reason == "region_missing" else "to_org"
            if reason == "sender":
                field = "purpose"
            errors[field] = [_receiver_error(reason, to_org, purpose)]
    if due_on <= timezone.localdate():
        errors["due_on"] = [_("The answer date must be in the future.")]
    errors.update(
        consent_errors(
            legal_basis=legal_basis,
            child_assent=child_assent,
            guardian_consent=guardian_consent,
            consent_note=consent_note,
            shared=shared,
        )
    )
    # An agency passes on only what it was given: the UPTD PPA that received the children's identities
    # and services does not share the evidence files it never saw.
    unseen = set(shared) & ALL_SECTIONS - sections_for(actor, case, referrals)
    if unseen and "shared" not in errors:
        errors["shared"] = [
            _("Your agency can share only the parts of the file it received: %(parts)s.")
            % {"parts": "; ".join(shared_labels(sections_for(actor, case, referrals)))}
        ]
    # The receiver's own part, where the sender holds it (an agency passes on what it received).
    own = OWN_SECTION.get(purpose)
    if (
        own
        and own not in shared
        and own in sections_for(actor, case, referrals)
        and not errors.keys() & {"shared", "purpose", "to_org"}
    ):
        errors["shared"] = [
            _("The receiving agency records its work in “%(part)s”: share that part.") % {"part": SHARED[own]}
        ]
    if errors:
        raise ValidationError(errors)
    office = actor.office
    with transaction.atomic():
        services._open_case(case)
        if case.referrals.filter(to_org=to_org, status=Referral.Status.PENDING).exists():
            raise ValidationError(
                _("This agency already has a referral of this case waiting for its answer.")
            )
        referral = Referral(
            case=case,
            from_org=office,
            to_org=to_org,
            purpose=purpose,
            note=note,
            due_on=due_on,
            sent_by=actor,
            legal_basis=legal_basis,
            child_assent=child_assent,
            guardian_consent=guardian_consent,
            consent_note=consent_note.strip(),
            shared=shared,
        )
        referral.full_clean()
        referral.save()
        services._event(
            case,
            actor,
            _("Referred to %(org)s: %(purpose)s (basis: %(basis)s).")
            % {
                "org": to_org.name,
                "purpose": referral.get_purpose_display(),
                "basis": referral.get_legal_basis_display(),
            },
        )
        notify(
            User.objects.members_of(to_org, roles=services.CASE_ROLES),
            _("New referral of case %(number)s from %(org)s: %(purpose)s.")
            % {"number": case.number, "org": office.name, "purpose": referral.get_purpose_display()},
            reverse("cases:referral_detail", args=[referral.pk]),
        )
        audit_record(
            action="referral.sent",
            actor=actor,
            target=case,
            target_region=case.region_code,
            changes={
                "to": [None, to_org.pk],
                "purpose": [None, purpose],
                "legal_basis": [None, legal_basis],
                "shared": [None, shared],
            },
        )
    return referral


def intake_context(user: UserLike, case: Case, referrals: list[Referral]) -> dict[str, object]:
    """The case file's part of this module: which sections the reader sees (what was shared with their
    agency) and whether they may refer the case onward. ``referrals``: the case's, already fetched."""
    return {
        "sections": sections_for(user, case, referrals),
        "may_refer": may_refer(user, case, referrals),
    }
