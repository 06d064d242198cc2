from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from pantau.accounts.models import Organisation
from pantau.cases.models import (
    Case,
    CaseChild,
    CaseSubject,
    Concern,
    FormOfViolence,
    Investigation,
    ProtectionCluster,
    Referral,
    Service,
)
from pantau.cases.tppo import ACTS, MEANS, PROCESS, PURPOSE
from pantau.lib.persons import clean_nik
from pantau.regions.forms import PlaceField

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class CloseConcernForm(forms.Form):
    reason = forms.CharField(
        label=_("Why it is not a protection matter"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class MergeConcernForm(forms.Form):
    into = forms.CharField(label=_("Tracking code of the original report"), max_length=16)


class OpenCaseForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200, help_text=_("Short, without children's names."))
    form_of_violence = forms.ChoiceField(
        label=_("Form of violence (SIMFONI)"), choices=FormOfViolence.choices
    )
    cluster = forms.ChoiceField(label=_("KPAI cluster"), choices=ProtectionCluster.choices)
    summary = forms.CharField(label=_("Summary"), max_length=5000, widget=forms.Textarea(attrs={"rows": 4}))


class CaseChildForm(forms.ModelForm):
    record = forms.IntegerField(
        label=_("Child record number in Pantau (if the child is in an LKSA)"), required=False, min_value=1
    )

    origin_region_code = PlaceField(
        label=_("Home region (where the child's family lives)"),
        required=False,
        help_text=_("e.g. Kota Kupang: a return is referred to its Dinas Sosial or UPTD PPA."),
    )

    class Meta:
        model = CaseChild
        fields = ["record", "name", "sex", "age", "education", "origin_region_code"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["name"].required = False


class SubjectForm(forms.ModelForm):
    # Kept out of the model form's fields: the clean value is encrypted by the service (cases/people.py).
    nik = forms.CharField(
        label=_("NIK (if known)"),
        max_length=24,
        required=False,
        help_text=_("Stored encrypted; used only to find the same person in other cases and registries."),
    )

    class Meta:
        model = CaseSubject
        fields = ["name", "relation", "birth_date", "notes"]
        widgets = {"notes": forms.Textarea(attrs={"rows": 2}), "birth_date": DATE}

    def clean_nik(self) -> str:
        return clean_nik(self.cleaned_data.get("nik"))


class CaseEvidenceForm(forms.Form):
    file = forms.FileField(label=_("Document or photo (PDF, JPEG, PNG)"))
    description = forms.CharField(label=_("What it shows"), max_length=300, required=False)


class EventForm(forms.Form):
    happened_on = forms.DateField(label=_("Date"), widget=DATE)
    text = forms.CharField(
        label=_("What happened"), max_length=4000, widget=forms.Textarea(attrs={"rows": 2})
    )


class TppoForm(forms.Form):
    process = forms.MultipleChoiceField(
        label=_("Process"), choices=list(PROCESS.items()), required=False, widget=forms.CheckboxSelectMultiple
    )
    means = forms.MultipleChoiceField(
        label=_("Means"), choices=list(MEANS.items()), required=False, widget=forms.CheckboxSelectMultiple
    )
    purpose = forms.MultipleChoiceField(
        label=_("Exploitative purpose"),
        choices=list(PURPOSE.items()),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    acts = forms.MultipleChoiceField(
        label=_("Acts against the victim"),
        choices=list(ACTS.items()),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_(
            "Whether the victim is a child is read from the ages recorded for the children in the case."
        ),
    )
    facts = forms.CharField(
        label=_("Facts"), max_length=4000, required=False, widget=forms.Textarea(attrs={"rows": 3})
    )


class ReferralForm(forms.Form):
    to_org = forms.ModelChoiceField(label=_("To"), queryset=Organisation.objects.none())
    purpose = forms.ChoiceField(label=_("Purpose"), choices=Referral.Purpose.choices)
    note = forms.CharField(
        label=_("What is asked"), max_length=2000, required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    due_on = forms.DateField(label=_("Answer by"), widget=DATE)

    def __init__(self, *args: Any, organisations: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["to_org"]
        assert isinstance(field, forms.ModelChoiceField)  # noqa: S101
        field.queryset = organisations


class DecisionForm(forms.Form):
    decision = forms.ChoiceField(
        choices=[("accept", _("Accept")), ("decline", _("Decline"))], widget=forms.HiddenInput
    )
    reason = forms.CharField(label=_("Reason (when declining)"), max_length=2000, required=False)


class CaseChildChoiceField(forms.ModelChoiceField):
    """The case's children by name, sex and age: the case file's reader sees the names on the same page
    (the model's own label, for other readers, names the case instead)."""

    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.name} ({obj.facts})" if obj.facts else str(obj.name)


class ServiceForm(forms.ModelForm):
    class Meta:
        model = Service
        fields = ["case_child", "kind", "provider", "started_on", "ended_on", "outcome"]
        widgets = {"started_on": DATE, "ended_on": DATE, "outcome": forms.Textarea(attrs={"rows": 2})}
        field_classes = {"case_child": CaseChildChoiceField}

    def __init__(
        self, *args: Any, case: Case, children: Sequence[CaseChild] | None = None, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["case_child"]
        assert isinstance(field, CaseChildChoiceField)  # noqa: S101
        field.queryset = case.children.all()
        if children is not None:  # already fetched by the case file: no second query to list them
            field.choices = [
                ("", field.empty_label or ""),
                *((c.pk, field.label_from_instance(c)) for c in children),
            ]


class InvestigationForm(forms.ModelForm):
    class Meta:
        model = Investigation
        fields = ["stage", "police_report_number", "happened_on", "note"]
        widgets = {"happened_on": DATE, "note": forms.Textarea(attrs={"rows": 2})}


class PeriodForm(forms.Form):
    start = forms.DateField(label=_("From"), widget=DATE)
    end = forms.DateField(label=_("Until"), widget=DATE)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("start") and data.get("end") and data["end"] < data["start"]:
            self.add_error("end", _("The end of the period comes after its start."))
        return data


class StaffConcernForm(forms.ModelForm):
    """A concern an officer records (a phone call, a visit, a tip from a colleague)."""

    lksa_number = forms.IntegerField(label=_("LKSA number in Pantau (if it concerns a home)"), required=False)
    place = PlaceField(
        label=_("Place (if it concerns no home)"),
        required=False,
        help_text=_("Where it happens, e.g. Tigaraksa or Kab. Tangerang; empty for your own area."),
    )

    class Meta:
        model = Concern
        fields = ["category", "description", "subject_text", "reporter_name", "reporter_contact"]
        widgets = {"description": forms.Textarea(attrs={"rows": 5, "maxlength": 5000})}
