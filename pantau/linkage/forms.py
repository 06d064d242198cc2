from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from pantau.linkage.models import CandidatePair
from pantau.regions.forms import PlaceField


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
    region = PlaceField(
        label=_("Province or regency/city"),
        required=False,
        levels=(1, 2),
        help_text=_(
            "A province or regency/city in your jurisdiction, by name (Banten, Kab. Tangerang) or code "
            "(36, 36.03); empty for all of it."
        ),
    )
