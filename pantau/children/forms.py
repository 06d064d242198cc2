from __future__ import annotations

from typing import Any, cast

from django import forms
from django.core.exceptions import ValidationError
from django.urls import reverse_lazy
from django.utils.translation import gettext_lazy as _

from pantau.children.admission import Problem, admission_problems, by_field, home_problems
from pantau.children.homes import AmbiguousHome, HomeOption, resolve_home
from pantau.children.identifiers import check_kk
from pantau.children.models import (
    CarePlan,
    Child,
    FollowUpVisit,
    GatekeepingAssessment,
    ParentStatus,
    Placement,
    TracingAttempt,
)
from pantau.children.services import CHILD_EDIT_FIELDS
from pantau.registry.models import LksaQuerySet

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def _validate_kk(value: str) -> None:
    if problem := check_kk(value):
        raise ValidationError(problem)


# SNPA A1-A9 (rules-and-data.md §1), as questions the assessor answers.
GATEKEEPING_ITEMS = [
    ("A1", _("The LKSA did not recruit the child; outreach supports family care")),
    ("A2", _("The referral is recorded: who referred, the guardian, the reason and the chronology")),
    ("A3", _("The referral came from an accepted source")),
    ("A4", _("An initial assessment decided whether the child can stay with the family")),
    ("A5", _("The placement was decided with the child and the family")),
    ("A6", _("A written agreement was signed by the child, the parent or guardian and the LKSA")),
    ("A7", _("If the parents are unknown, the family is being traced")),
    ("A8", _("Needs the LKSA cannot meet are referred onward")),
    ("A9", _("Siblings are kept together")),
]
ANSWERS = [("yes", _("Yes")), ("no", _("No")), ("na", _("Not applicable"))]


def _add_item_fields(form: forms.BaseForm) -> None:
    # Each SNPA answer starts blank: a default would record "yes" that nobody gave.
    for code, question in GATEKEEPING_ITEMS:
        form.fields[f"item_{code}"] = forms.ChoiceField(
            label=f"{code}. {question}", choices=[("", "---------"), *ANSWERS], required=False
        )


class AdmissionForm(forms.ModelForm):
    nik = forms.CharField(label=_("NIK"), required=False, max_length=24)
    kk = forms.CharField(label=_("Family card number (KK)"), required=False, max_length=24)
    birth_certificate = forms.CharField(label=_("Birth certificate number"), required=False, max_length=60)
    assessed_on = forms.DateField(label=_("Gatekeeping assessment date"), required=False, widget=DATE)
    assessor = forms.CharField(label=_("Assessed by (name, role)"), required=False, max_length=150)
    family_care_possible = forms.BooleanField(label=_("The child can stay with the family"), required=False)
    assessment_reasons = forms.CharField(
        label=_("Why the child cannot stay with the family"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    agreement_signed = forms.BooleanField(label=_("Written agreement (kesepakatan) signed"), required=False)
    # Shown (as a checkbox) only after the duplicate check found a likely match.
    duplicates_checked = forms.BooleanField(
        label=_("I have checked the possible duplicates: this is a child not yet recorded, admit anyway"),
        required=False,
        widget=forms.HiddenInput(),
    )

    class Meta:
        model = Child
        fields = [
            "lksa",
            "full_name",
            "aliases",
            "sex",
            "birth_date",
            "birth_date_precision",
            "birth_place",
            "mother_name",
            "father_name",
            "mother_status",
            "father_status",
            "family_whereabouts",
            "guardian_name",
            "referral_source",
            "referral_reason",
            "admission_reason",
            "admission_reason_other",
            "admitted_on",
            "emergency_admission",
        ]
        widgets = {
            "birth_date": DATE,
            "admitted_on": DATE,
            "referral_reason": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args: Any, homes: LksaQuerySet, found_by_dinsos: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.found_by_dinsos = found_by_dinsos  # Dinas Sosial records a child found in a home (admission.py)
        lksa = cast(forms.ModelChoiceField, self.fields["lksa"])
        lksa.queryset = homes.order_by("name")
        lksa.required = True
        # Every new admission states its reason (blank only on older records and imports).
        self.fields["admission_reason"].required = True
        # The SNPA answers are required with the assessment (clean), not for an emergency admission
        # without one.
        _add_item_fields(self)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        # The admission rules (children/admission.py); child_admit asks them again, with the capacity.
        problems = admission_problems(
            birth_date=data.get("birth_date"),
            birth_date_precision=data.get("birth_date_precision"),
            sex=data.get("sex"),
            admitted_on=data.get("admitted_on"),
            nik=data.get("nik"),
            kk=data.get("kk"),
            assessed_on=data.get("assessed_on"),
            assessor=data.get("assessor"),
            assessment_reasons=data.get("assessment_reasons"),
            family_care_possible=bool(data.get("family_care_possible")),
            emergency_admission=bool(data.get("emergency_admission")),
            items={code: data.get(f"item_{code}") or "" for code, _q in GATEKEEPING_ITEMS},
            admission_reason=data.get("admission_reason"),
            admission_reason_other=data.get("admission_reason_other"),
            referral_source=data.get("referral_source"),
            agreement_signed=bool(data.get("agreement_signed")),
            parents_unknown=data.get("mother_status") == ParentStatus.UNKNOWN
            and data.get("father_status") == ParentStatus.UNKNOWN,
        )
        if any(data.get(name) for name in ("assessed_on", "assessor", "assessment_reasons")):
            for code, _question in GATEKEEPING_ITEMS:
                if not data.get(f"item_{code}") and f"item_{code}" not in self.errors:
                    message = _("Answer %(code)s: yes, no or not applicable.") % {"code": code}
                    problems.append(Problem(f"item_{code}", message))
        # The home's registration and capacity too, so that they are reported with everything else,
        # not on the next submit (child_admit asks again, with the home locked).
        if (home := data.get("lksa")) is not None:
            problems += home_problems(home, found_by_dinsos=self.found_by_dinsos)
        for field, messages in by_field(problems).items():
            self.add_error(field, messages)
        return data

    def assessment(self) -> GatekeepingAssessment | None:
        data = self.cleaned_data
        if not data.get("assessed_on"):
            return None
        return GatekeepingAssessment(
            assessed_on=data["assessed_on"],
            assessor=data["assessor"],
            reasons=data["assessment_reasons"],
            family_care_possible=data["family_care_possible"],
            agreement_signed=data["agreement_signed"],
            items={code: data.get(f"item_{code}") or "" for code, _q in GATEKEEPING_ITEMS},
        )

    def identifiers(self) -> dict[str, str]:
        return {name: self.cleaned_data.get(name) or "" for name in ("nik", "kk", "birth_certificate")}


class PlacementForm(forms.Form):
    """Where the child goes on leaving the home. No kind is chosen beforehand (a wrong default would
    record a transfer nobody meant); the receiving home of a transfer is picked by name."""

    kind = forms.ChoiceField(
        label=_("The child goes to"),
        choices=[
            ("", _("— choose —")),
            *[(value, label) for value, label in Placement.Kind.choices if value != Placement.Kind.LKSA],
        ],
        error_messages={"required": _("Choose where the child goes.")},
    )
    started_on = forms.DateField(label=_("From"), widget=DATE)
    receiving_lksa = forms.CharField(
        label=_("Receiving LKSA (for a transfer)"),
        required=False,
        max_length=300,
        help_text=_("Type part of the home's name and pick it from the suggestions."),
        widget=forms.TextInput(
            attrs={
                "list": "receiving-homes",
                "autocomplete": "off",
                "hx-get": reverse_lazy("children:transfer_homes"),
                "hx-trigger": "input changed delay:250ms",
                "hx-target": "#receiving-homes",
                "hx-swap": "innerHTML",
                "hx-sync": "this:replace",
            }
        ),
    )
    notes = forms.CharField(
        label=_("Notes"), required=False, widget=forms.Textarea(attrs={"rows": 3}), max_length=2000
    )
    confirm_unverified = forms.BooleanField(
        label=_(
            "The child has already left without a completed file or court order: record the exit as "
            "unverified and tell Dinas Sosial"
        ),
        required=False,
    )

    def __init__(self, *args: Any, homes: LksaQuerySet | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.homes = homes
        self.candidates: list[HomeOption] = []  # homes that fit an ambiguous name, offered as suggestions

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        text = (data.get("receiving_lksa") or "").strip()
        kind = data.get("kind")
        data["receiving_lksa"] = None
        if kind == Placement.Kind.TRANSFER:
            if not text:
                self.add_error("receiving_lksa", _("A transfer needs the receiving LKSA: type its name."))
            elif self.homes is not None:
                try:
                    data["receiving_lksa"] = resolve_home(self.homes, text)
                except AmbiguousHome as ambiguous:
                    self.candidates = ambiguous.candidates
                    self.add_error("receiving_lksa", ambiguous)
                except ValidationError as error:
                    self.add_error("receiving_lksa", error)
        elif text and kind:
            self.add_error(
                "receiving_lksa", _("Only a transfer goes to another LKSA: leave the receiving LKSA empty.")
            )
        return data


class CarePlanForm(forms.ModelForm):
    class Meta:
        model = CarePlan
        fields = ["made_on", "made_by", "goals", "family_based_goal", "next_review_on"]
        widgets = {"made_on": DATE, "next_review_on": DATE, "goals": forms.Textarea(attrs={"rows": 3})}


class TracingForm(forms.ModelForm):
    class Meta:
        model = TracingAttempt
        fields = ["attempted_on", "by", "method", "outcome", "notes"]
        widgets = {"attempted_on": DATE, "notes": forms.Textarea(attrs={"rows": 2})}


class ChildEditForm(forms.ModelForm):
    version = forms.IntegerField(widget=forms.HiddenInput)
    nik = forms.CharField(label=_("New NIK (leave empty to keep)"), required=False, max_length=24)
    kk = forms.CharField(
        label=_("New KK number (leave empty to keep)"),
        required=False,
        max_length=24,
        validators=[_validate_kk],
    )
    birth_certificate = forms.CharField(
        label=_("New birth certificate number (leave empty to keep)"), required=False, max_length=60
    )

    class Meta:
        model = Child
        fields = list(CHILD_EDIT_FIELDS)
        widgets = {"birth_date": DATE}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.initial.setdefault("version", self.instance.version)


class FollowUpForm(forms.ModelForm):
    class Meta:
        model = FollowUpVisit
        fields = ["visited_on", "by", "finding", "notes"]
        widgets = {"visited_on": DATE, "notes": forms.Textarea(attrs={"rows": 2})}


class GatekeepingForm(forms.ModelForm):
    """The assessment an emergency admission still owes, with its SNPA A1-A9 answers (all required)."""

    class Meta:
        model = GatekeepingAssessment
        fields = ["assessed_on", "assessor", "family_care_possible", "reasons", "agreement_signed"]
        widgets = {"assessed_on": DATE, "reasons": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _add_item_fields(self)
        for code, _q in GATEKEEPING_ITEMS:
            self.fields[f"item_{code}"].required = True

    def save(self, commit: bool = True) -> GatekeepingAssessment:
        assessment: GatekeepingAssessment = super().save(commit=False)
        assessment.items = {code: self.cleaned_data[f"item_{code}"] for code, _q in GATEKEEPING_ITEMS}
        if commit:
            assessment.save()
        return assessment


class SignOffForm(forms.Form):
    """Dinas Sosial signs the gatekeeping assessment off: a deliberate confirmation, and in what capacity."""

    confirm = forms.BooleanField(
        label=_(
            "I have reviewed this assessment and its flags, and as Dinas Sosial I agree that care in this "
            "LKSA is the last resort for this child"
        ),
        error_messages={"required": _("Tick the confirmation to sign off.")},
    )
    role_note = forms.CharField(
        label=_("Signed off as (optional)"),
        required=False,
        max_length=150,
        help_text=_("For example: Sakti Peksos, or supervisor of Dinas Sosial."),
    )
