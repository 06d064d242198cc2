"""The victim's rights on a case (after the rescue): a request to LPSK for protection and its decision,
and restitution claimed, ordered by the court and paid, possibly in instalments (all payments together
no more than ordered). Who may record them: any agency working on the case (``get_case_for``). Every
refusal is a clear message and nothing is half-saved. The legal sources are listed in
docs/law-review-cases.md ("## recovery")."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Sum
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from pantau.accounts.models import User
from pantau.cases.models import Case, CaseChild, LpskRequest, Restitution, RestitutionPayment
from pantau.cases.recovery import _audit, _child_of, _day, _lock_open, _not_future, _today, _touched
from pantau.cases.services import _event

# What a victim or witness may ask LPSK for: UU 31/2014 Pasal 5 ayat (1) huruf a-p (the rights of
# witnesses and victims), and Pasal 6 ayat (1) (medical help and psychosocial / psychological
# rehabilitation for victims of, among others, trafficking and sexual violence). The letter is kept
# with each code so that a reader can check it against the statute.
LPSK_PROTECTIONS: tuple[tuple[str, str, object], ...] = (
    ("security", "5(1)a", gettext_lazy("Protection of the person, family and property, free from threats")),
    ("choose_protection", "5(1)b", gettext_lazy("Taking part in choosing the form of protection")),
    ("no_pressure", "5(1)c", gettext_lazy("Giving testimony without pressure")),
    ("interpreter", "5(1)d", gettext_lazy("An interpreter")),
    ("no_entrapment", "5(1)e", gettext_lazy("Freedom from entrapping questions")),
    ("case_news", "5(1)f", gettext_lazy("Information on the progress of the case")),
    ("verdict_news", "5(1)g", gettext_lazy("Information on the court's decision")),
    ("release_news", "5(1)h", gettext_lazy("Being told when the convicted person is released")),
    ("identity_secret", "5(1)i", gettext_lazy("Keeping the identity secret")),
    ("new_identity", "5(1)j", gettext_lazy("A new identity")),
    ("temporary_home", "5(1)k", gettext_lazy("A temporary place to live")),
    ("new_home", "5(1)l", gettext_lazy("A new place to live")),
    ("transport", "5(1)m", gettext_lazy("Transport costs")),
    ("legal_advice", "5(1)n", gettext_lazy("Legal advice")),
    ("living_costs", "5(1)o", gettext_lazy("Temporary living costs until protection ends")),
    ("accompaniment", "5(1)p", gettext_lazy("Accompaniment")),
    ("medical", "6(1)a", gettext_lazy("Medical help")),
    ("psychosocial", "6(1)b", gettext_lazy("Psychosocial and psychological rehabilitation")),
)
LPSK_LABELS = {code: label for code, _ref, label in LPSK_PROTECTIONS}


def protection_choices() -> list[tuple[str, str]]:
    return [(code, f"{label} (UU 31/2014 Pasal {ref})") for code, ref, label in LPSK_PROTECTIONS]


# --- Victim rights: LPSK and restitution ----------------------------------------------------------


def lpsk_request(
    *,
    actor: User,
    case: Case,
    case_child: CaseChild,
    protections: Iterable[str],
    requested_on: date,
    note: str = "",
) -> LpskRequest:
    _child_of(case, case_child)
    asked = list(dict.fromkeys(protections))
    errors: dict[str, list[str]] = {}
    if not asked:
        errors["protections"] = [_("Choose at least one protection asked for.")]
    elif unknown := [code for code in asked if code not in LPSK_LABELS]:
        errors["protections"] = [_("Unknown protection: %(codes)s.") % {"codes": ", ".join(unknown)}]
    if requested_on > _today():
        errors["requested_on"] = [_("The date cannot be in the future.")]
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        _lock_open(case)
        request = LpskRequest.objects.create(
            case_child=case_child,
            protections=asked,
            requested_on=requested_on,
            note=note.strip(),
            recorded_by=actor,
        )
        _event(case, actor, _("Protection requested from LPSK."), requested_on)
        _touched(case)
        _audit("case.lpsk_requested", actor, case, request=[None, request.pk])
    return request


def lpsk_decide(
    *, actor: User, case: Case, request: LpskRequest, decision: str, decided_on: date, decision_number: str
) -> LpskRequest:
    """LPSK's decision (granted, partly or refused), dated on or after the request, with its number."""
    errors: dict[str, list[str]] = {}
    if decision not in (
        LpskRequest.Decision.GRANTED,
        LpskRequest.Decision.PARTLY,
        LpskRequest.Decision.REFUSED,
    ):
        errors["decision"] = [_("Choose LPSK's decision.")]
    if decided_on > _today():
        errors["decided_on"] = [_("The date cannot be in the future.")]
    elif decided_on < request.requested_on:
        errors["decided_on"] = [
            _("LPSK decides after the request (%(day)s).") % {"day": _day(request.requested_on)}
        ]
    if not decision_number.strip():
        errors["decision_number"] = [_("Write the number of LPSK's decision.")]
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        if not LpskRequest.objects.filter(pk=request.pk, decision=LpskRequest.Decision.PENDING).update(
            decision=decision, decided_on=decided_on, decision_number=decision_number.strip()
        ):
            raise ValidationError(_("LPSK's decision on this request is already recorded."))
        request.refresh_from_db()
        _event(case, actor, _("LPSK decided: %(decision)s.") % {"decision": request.get_decision_display()})
        _audit("case.lpsk_decided", actor, case, request=request.pk, decision=[None, decision])
    return request


def _amount(value: object, field: str, *, positive: bool = False) -> int:
    """A whole number of rupiah (the API sends numbers; the forms have already parsed the text)."""
    if isinstance(value, bool) or not isinstance(value, int):
        raise ValidationError({field: [_("Write the amount in whole rupiah, digits only.")]})
    if value < 0:
        raise ValidationError({field: [_("The amount cannot be negative.")]})
    if positive and value == 0:
        raise ValidationError({field: [_("A payment is more than zero.")]})
    return value


def restitution_claim(
    *, actor: User, case: Case, case_child: CaseChild, basis: str, claimed_amount: object, claimed_on: date
) -> Restitution:
    _child_of(case, case_child)
    amount = _amount(claimed_amount, "claimed_amount")
    if basis not in Restitution.Basis.values:
        raise ValidationError({"basis": [_("Choose the legal basis of the claim.")]})
    _not_future(claimed_on, "claimed_on")
    with transaction.atomic():
        _lock_open(case)
        restitution = Restitution.objects.create(
            case_child=case_child,
            basis=basis,
            claimed_amount=amount,
            claimed_on=claimed_on,
            recorded_by=actor,
        )
        _event(case, actor, _("Restitution claimed."), claimed_on)
        _touched(case)
        _audit("case.restitution_claimed", actor, case, restitution=[None, restitution.pk])
    return restitution


def restitution_order(
    *,
    actor: User,
    case: Case,
    restitution: Restitution,
    ordered_amount: object,
    ordered_on: date,
    court_decision_number: str,
) -> Restitution:
    """What the court ordered the restitution to be (once), dated on or after the claim."""
    amount = _amount(ordered_amount, "ordered_amount")
    errors: dict[str, list[str]] = {}
    if ordered_on > _today():
        errors["ordered_on"] = [_("The date cannot be in the future.")]
    elif ordered_on < restitution.claimed_on:
        errors["ordered_on"] = [
            _("The court orders after the claim (%(day)s).") % {"day": _day(restitution.claimed_on)}
        ]
    if not court_decision_number.strip():
        errors["court_decision_number"] = [_("Write the number of the court's decision.")]
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        if not Restitution.objects.filter(pk=restitution.pk, ordered_on__isnull=True).update(
            ordered_amount=amount, ordered_on=ordered_on, court_decision_number=court_decision_number.strip()
        ):
            raise ValidationError(_("The court's order on this restitution is already recorded."))
        restitution.refresh_from_db()
        _event(case, actor, _("The court ordered restitution."), ordered_on)
        _audit("case.restitution_ordered", actor, case, restitution=restitution.pk)
    return restitution


def restitution_pay(
    *, actor: User, case: Case, restitution: Restitution, amount: object, paid_on: date, note: str = ""
) -> RestitutionPayment:
    """A payment of an ordered restitution: more than zero, and all payments together no more than ordered."""
    paid = _amount(amount, "amount", positive=True)
    with transaction.atomic():
        locked = Restitution.objects.select_for_update().get(pk=restitution.pk)
        if locked.ordered_on is None or locked.ordered_amount is None:
            raise ValidationError(_("Record the court's order before its payments."))
        if paid_on > _today():
            raise ValidationError({"paid_on": [_("The date cannot be in the future.")]})
        if paid_on < locked.ordered_on:
            raise ValidationError(
                {
                    "paid_on": [
                        _("A payment comes after the order (%(day)s).") % {"day": _day(locked.ordered_on)}
                    ]
                }
            )
        before = locked.payments.aggregate(total=Sum("amount"))["total"] or 0
        if before + paid > locked.ordered_amount:
            raise ValidationError(
                {
                    "amount": [
                        _("The payments would exceed the amount ordered: Rp %(left)s is left to pay.")
                        % {"left": rupiah(locked.ordered_amount - before)}
                    ]
                }
            )
        payment = RestitutionPayment.objects.create(
            restitution=locked, paid_on=paid_on, amount=paid, note=note.strip(), recorded_by=actor
        )
        _event(case, actor, _("Restitution paid: Rp %(amount)s.") % {"amount": rupiah(paid)}, paid_on)
        _audit("case.restitution_paid", actor, case, payment=[None, payment.pk])
    return payment


def rupiah(amount: int) -> str:
    """1500000 -> "1.500.000" (Indonesian thousands separator)."""
    return f"{amount:,}".replace(",", ".")


def restitution_status(restitution: Restitution, paid: int) -> str:
    """ "claimed", "ordered", "partly_paid" or "paid", from the order and what was ``paid`` so far."""
    if restitution.ordered_amount is None:
        return "claimed"
    if paid >= restitution.ordered_amount:
        return "paid"
    return "partly_paid" if paid else "ordered"


RESTITUTION_STATUS_LABELS = {
    "claimed": gettext_lazy("Claimed"),
    "ordered": gettext_lazy("Ordered by the court"),
    "partly_paid": gettext_lazy("Partly paid"),
    "paid": gettext_lazy("Paid"),
}
