"""The recovery forms of the case file: plan, goals, reviews, the return and its visits, LPSK, restitution.

Choices are given as lists (no queryset), so a form per child costs no query on the case file."""

from __future__ import annotations

import re
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from pantau.cases.models import LpskRequest, PlanGoal, Reintegration, Restitution
from pantau.cases.recovery import REVIEW_DAYS_MAX, REVIEW_DAYS_MIN
from pantau.cases.victim_rights import protection_choices
from pantau.regions.forms import PlaceField

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
YES_NO = [("yes", _("Yes")), ("no", _("No"))]
YES_NO_UNKNOWN = [("", _("Not known")), *YES_NO]


class RupiahField(forms.CharField):
    """A whole amount of rupiah as people write it: "1500000", "1.500.000" or "Rp 1.500.000". A negative
    or non-numeric amount is refused with a clear message."""

    def __init__(self, *, positive: bool = False, **kwargs: Any) -> None:
        self.positive = positive
        kwargs.setdefault("widget", forms.TextInput(attrs={"inputmode": "numeric"}))
        super().__init__(**kwargs)

    def to_python(self, value: Any) -> int | None:  # type: ignore[override]
        text = re.sub(r"\s+", "", str(super().to_python(value) or ""))
        if not text:
            return None
        text = re.sub(r"^(?i:rp)\.?", "", text)
        if text.startswith("-"):
            raise forms.ValidationError(_("The amount cannot be negative."), code="negative")
        if not re.fullmatch(r"\d{1,3}(\.\d{3})+|\d+", text):
            raise forms.ValidationError(_("Write the amount in whole rupiah, digits only."), code="invalid")
        amount = int(text.replace(".", ""))
        if self.positive and amount == 0:
            raise forms.ValidationError(_("A payment is more than zero."), code="zero")
        return amount


class PlanForm(forms.Form):
    review_every_days = forms.IntegerField(
        label=_("Review every (days)"), min_value=REVIEW_DAYS_MIN, max_value=REVIEW_DAYS_MAX, initial=30
    )
    first_review_on = forms.DateField(label=_("First review"), widget=DATE)


class GoalForm(forms.Form):
    domain = forms.ChoiceField(label=_("Domain"), choices=PlanGoal.Domain.choices)
    text = forms.CharField(label=_("Goal"), max_length=300)
    provider = forms.CharField(label=_("Provider"), max_length=200)
    target_on = forms.DateField(label=_("Target date"), required=False, widget=DATE)


class GoalStatusForm(forms.Form):
    status = forms.ChoiceField(
        label=_("Mark the goal"),
        choices=[(PlanGoal.Status.MET, _("Met")), (PlanGoal.Status.DROPPED, _("Dropped"))],
    )


class ReviewForm(forms.Form):
    reviewed_on = forms.DateField(label=_("Reviewed on"), widget=DATE)
    progress = forms.CharField(label=_("Progress"), max_length=4000, widget=forms.Textarea(attrs={"rows": 2}))
    next_review_on = forms.DateField(label=_("Next review"), widget=DATE)


class ReintegrationForm(forms.Form):
    placed_with = forms.ChoiceField(label=_("Returned to"), choices=Reintegration.PlacedWith.choices)
    region_code = PlaceField(
        label=_("Where the child now lives"),
        help_text=_("A village, district or regency, in any province, e.g. Kab. Lombok Timur."),
    )
    follow_up_org = forms.TypedChoiceField(label=_("Agency that follows up"), coerce=int, choices=[])
    returned_on = forms.DateField(label=_("Returned on"), widget=DATE)

    def __init__(self, *args: Any, agencies: list[tuple[int, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["follow_up_org"].choices = agencies  # type: ignore[attr-defined]


class FollowUpForm(forms.Form):
    done_on = forms.DateField(label=_("Visited on"), widget=DATE)
    child_safe = forms.ChoiceField(label=_("Is the child safe?"), choices=YES_NO, widget=forms.RadioSelect)
    in_school = forms.ChoiceField(
        label=_("Does the child go to school or training?"), choices=YES_NO_UNKNOWN, required=False
    )
    note = forms.CharField(
        label=_("What was seen"), max_length=4000, required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def visit(self) -> dict[str, Any]:
        data = self.cleaned_data
        school = {"yes": True, "no": False}.get(data["in_school"] or "")
        return {
            "done_on": data["done_on"],
            "child_safe": data["child_safe"] == "yes",
            "in_school": school,
            "note": data["note"],
        }


class LpskForm(forms.Form):
    protections = forms.MultipleChoiceField(
        label=_("Protection asked for"), choices=[], widget=forms.CheckboxSelectMultiple
    )
    requested_on = forms.DateField(label=_("Requested on"), widget=DATE)
    note = forms.CharField(label=_("Note"), max_length=2000, required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["protections"].choices = protection_choices()  # type: ignore[attr-defined]


class LpskDecisionForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("LPSK's decision"),
        choices=[c for c in LpskRequest.Decision.choices if c[0] != LpskRequest.Decision.PENDING],
    )
    decided_on = forms.DateField(label=_("Decided on"), widget=DATE)
    decision_number = forms.CharField(label=_("Decision number"), max_length=100)


class RestitutionForm(forms.Form):
    basis = forms.ChoiceField(label=_("Legal basis"), choices=Restitution.Basis.choices)
    claimed_amount = RupiahField(label=_("Amount claimed (Rp)"))
    claimed_on = forms.DateField(label=_("Claimed on"), widget=DATE)


class RestitutionOrderForm(forms.Form):
    ordered_amount = RupiahField(label=_("Amount ordered by the court (Rp)"))
    ordered_on = forms.DateField(label=_("Ordered on"), widget=DATE)
    court_decision_number = forms.CharField(label=_("Court decision number"), max_length=100)


class PaymentForm(forms.Form):
    amount = RupiahField(label=_("Amount paid (Rp)"), positive=True)
    paid_on = forms.DateField(label=_("Paid on"), widget=DATE)
    note = forms.CharField(label=_("Note"), max_length=300, required=False)
