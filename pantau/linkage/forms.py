from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from pantau.linkage.models import CandidatePair


class DecisionForm(forms.Form):
    status = forms.ChoiceField(choices=CandidatePair.Status.choices)
    note = forms.CharField(
        label=_("Note (what you checked; required to reopen)"),
        required=False,
        max_length=2000,
        help_text=_("Both offices of the pair read it: no name or NIK of a child outside your area."),
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class RunForm(forms.Form):
    region = forms.CharField(
        label=_("Region code"),
        required=False,
        max_length=13,
        help_text=_("A province (36) or regency/city (36.03) in your jurisdiction; empty for all of it."),
    )
