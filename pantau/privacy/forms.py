from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from pantau.privacy.models import Status, SubjectRequest


class RequestForm(forms.ModelForm[SubjectRequest]):
    received_at = forms.DateTimeField(
        label=_("Received"),
        required=False,
        help_text=_("Leave empty for now."),
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}),
    )

    class Meta:
        model = SubjectRequest
        fields = ["kind", "requester_relation", "reply_to", "subject_kind", "subject_reference", "details"]
        widgets = {"details": forms.Textarea(attrs={"rows": 4})}


class AnswerForm(forms.Form):
    status = forms.ChoiceField(
        label=_("Outcome"),
        choices=[(Status.ANSWERED, Status.ANSWERED.label), (Status.REFUSED, Status.REFUSED.label)],
    )
    answer = forms.CharField(label=_("Answer"), max_length=4000, widget=forms.Textarea(attrs={"rows": 5}))


class FilterForm(forms.Form):
    status = forms.ChoiceField(label=_("Status"), required=False, choices=[("", _("All")), *Status.choices])
    overdue = forms.BooleanField(label=_("Overdue only"), required=False)
