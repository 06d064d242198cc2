"""The case file's forms for requests to platforms and their answers."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from pantau.cases.models import PlatformRequest
from pantau.cases.platforms import ANSWERS

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class PlatformRequestForm(forms.Form):
    platform = forms.ChoiceField(label=_("Platform"), choices=PlatformRequest.Platform.choices)
    kind = forms.ChoiceField(label=_("Request"), choices=PlatformRequest.Kind.choices)
    target = forms.CharField(label=_("Account or link"), max_length=500)
    reference = forms.CharField(label=_("Letter or ticket number"), max_length=100, required=False)
    sent_on = forms.DateField(label=_("Sent on"), widget=DATE)


class PlatformAnswerForm(forms.Form):
    answer = forms.ChoiceField(
        label=_("Answer"), choices=[(a.value, a.label) for a in ANSWERS], widget=forms.RadioSelect
    )
    answered_on = forms.DateField(label=_("Answered on"), widget=DATE)
    note = forms.CharField(
        label=_("What the platform said"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
