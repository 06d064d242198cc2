"""Forms of the incident pages. They read the input; the rules (times, names, the home's children) are
checked again in services.py, which also serves the API."""

from __future__ import annotations

from typing import Any, cast

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from pantau.children.models import Child
from pantau.incidents.models import IncidentReport, Kind
from pantau.incidents.services import check_times

MOMENT = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")
MOMENT_FORMATS = ["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M", "%Y-%m-%dT%H:%M:%S"]


class ChildChoice(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: Child) -> str:
        return obj.full_name


class IncidentForm(forms.ModelForm):
    happened_at = forms.DateTimeField(
        label=_("When it happened"), widget=MOMENT, input_formats=MOMENT_FORMATS
    )
    learned_at = forms.DateTimeField(
        label=_("When the home learned of it"), widget=MOMENT, input_formats=MOMENT_FORMATS
    )
    children = ChildChoice(
        label=_("Children involved (optional: link their records)"),
        queryset=Child.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Their names stay in the children's records; do not write them in the text."),
    )

    class Meta:
        model = IncidentReport
        fields = [
            "kind",
            "happened_at",
            "learned_at",
            "description",
            "action_taken",
            "police_informed",
            "others_informed",
            "children_count",
            "children",
        ]
        widgets = {"kind": forms.RadioSelect}
        help_texts = {
            "others_informed": _("For example: the village head, a hospital, the child's family."),
        }

    def __init__(self, *args: Any, children: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # The kinds without the empty "---------" a model field without a default would offer.
        cast(forms.ChoiceField, self.fields["kind"]).choices = Kind.choices
        if children is not None:
            self.fields["children"].queryset = children  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        try:
            check_times(data.get("happened_at"), data.get("learned_at"), timezone.now())
        except forms.ValidationError as error:
            for field, messages in error.message_dict.items():
                self.add_error(field, messages)
        return data


class FilterForm(forms.Form):
    late = forms.BooleanField(label=_("Late reports only"), required=False)
    kind = forms.ChoiceField(label=_("Kind of incident"), required=False)
    lksa = forms.TypedChoiceField(label=_("LKSA"), required=False, coerce=int, empty_value=None)

    def __init__(self, *args: Any, homes: list[tuple[int, str]] | None, **kwargs: Any) -> None:
        """``homes``: the choices, or None when there are too many to list (a province or the nation):
        the home is then chosen from the late-reports table or a home's page, by its id in the address."""
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["kind"]).choices = [("", _("All kinds")), *Kind.choices]
        if homes is None:
            self.fields["lksa"] = forms.IntegerField(required=False, min_value=1, widget=forms.HiddenInput)
        else:
            cast(forms.ChoiceField, self.fields["lksa"]).choices = [("", _("All homes")), *homes]
