from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from pantau.audit.actions import ACTIONS


class AuditSearchForm(forms.Form):
    action = forms.ChoiceField(
        label=_("Action"), required=False, choices=[("", _("All actions")), *sorted(ACTIONS.items())]
    )
    actor = forms.CharField(label=_("Actor (e-mail)"), required=False, max_length=254)
    target = forms.CharField(label=_("Target"), required=False, max_length=200)
    since = forms.DateTimeField(
        label=_("From"), required=False, widget=forms.DateTimeInput(attrs={"type": "datetime-local"})
    )
    until = forms.DateTimeField(
        label=_("Until"), required=False, widget=forms.DateTimeInput(attrs={"type": "datetime-local"})
    )

    def clean(self) -> dict:
        data = super().clean() or {}
        if data.get("since") and data.get("until") and data["until"] <= data["since"]:
            raise forms.ValidationError(_("'Until' must be later than 'From'."))
        return data
