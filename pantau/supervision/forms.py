from __future__ import annotations

from datetime import timedelta
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from pantau.accounts.models import User
from pantau.supervision.models import Answer, Severity, Visit

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class VisitForm(forms.Form):
    planned_on = forms.DateField(label=_("Planned for"), widget=DATE)
    kind = forms.ChoiceField(
        label=_("Kind"),
        choices=Visit.Kind.choices,
        help_text=_("An unannounced visit is not shown to the LKSA before it takes place."),
    )
    team = forms.ModelMultipleChoiceField(
        label=_("Team (besides you)"),
        queryset=User.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    purpose = forms.CharField(
        label=_("Purpose"), required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args: Any, colleagues: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["team"]
        assert isinstance(field, forms.ModelMultipleChoiceField)  # noqa: S101
        field.queryset = colleagues
        field.label_from_instance = lambda obj: f"{obj.full_name} ({obj.email})"  # type: ignore[method-assign]
        self.fields["planned_on"].initial = timezone.localdate() + timedelta(days=7)


class AnswerForm(forms.Form):
    value = forms.ChoiceField(label=_("Answer"), choices=[("", "—"), *Answer.Value.choices], required=False)
    note = forms.CharField(label=_("Note"), required=False, max_length=2000)


class FindingForm(forms.Form):
    item = forms.IntegerField(widget=forms.HiddenInput, required=False)
    severity = forms.ChoiceField(label=_("Severity"), choices=Severity.choices)
    description = forms.CharField(
        label=_("What was found"), max_length=4000, widget=forms.Textarea(attrs={"rows": 2})
    )
    corrective_action = forms.CharField(
        label=_("Corrective action required"),
        max_length=4000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    due_on = forms.DateField(label=_("Due by"), widget=DATE)


FindingFormSet = forms.formset_factory(FindingForm, extra=0, can_delete=True)


class ConcludeForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)
    summary = forms.CharField(
        label=_("Conclusion of the visit"),
        max_length=5000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
    )


class ResponseForm(forms.Form):
    text = forms.CharField(
        label=_("What was done to correct it"),
        max_length=4000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    file = forms.FileField(label=_("Photo or document (PDF, JPEG, PNG)"), required=False)


class EvidenceForm(forms.Form):
    item = forms.IntegerField(widget=forms.HiddenInput)
    file = forms.FileField(label=_("Photo or document (PDF, JPEG, PNG)"))


class DecisionForm(forms.Form):
    decision = forms.ChoiceField(
        choices=[("accept", _("Accept")), ("reject", _("Reject"))], widget=forms.HiddenInput
    )
    note = forms.CharField(
        label=_("Note"), max_length=2000, required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
