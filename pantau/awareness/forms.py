from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from pantau.awareness.models import Audience, AwarenessActivity, Topic
from pantau.regions.forms import PlaceField

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class MaterialsInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MaterialsField(forms.FileField):
    """Several files in one input (Django's documented pattern); each is checked by content later."""

    def clean(self, data: Any, initial: Any = None) -> list[Any]:
        items = data if isinstance(data, list | tuple) else [data]
        return [super(MaterialsField, self).clean(item, initial) for item in items if item]


class ActivityForm(forms.ModelForm):
    region = PlaceField(label=_("Place (kabupaten/kota, kecamatan or village)"), levels=(2, 3, 4))
    audiences = forms.MultipleChoiceField(
        label=_("Audience"), choices=Audience.choices, widget=forms.CheckboxSelectMultiple
    )
    topics = forms.MultipleChoiceField(
        label=_("Topics"), choices=Topic.choices, widget=forms.CheckboxSelectMultiple
    )
    materials = MaterialsField(
        label=_("Materials (PDF, JPEG or PNG, up to 5 files)"),
        required=False,
        widget=MaterialsInput(attrs={"accept": ".pdf,.jpg,.jpeg,.png"}),
    )

    class Meta:
        model = AwarenessActivity
        fields = [
            "title",
            "held_on",
            "region",
            "venue",
            "partners",
            "audiences",
            "topics",
            "other_topic",
            "attendance",
            "attendance_women",
            "attendance_men",
            "notes",
        ]
        widgets = {
            "held_on": DATE,
            "partners": forms.Textarea(attrs={"rows": 2}),
            "notes": forms.Textarea(attrs={"rows": 3}),
            "attendance": forms.NumberInput(attrs={"min": 1, "max": 100000}),
        }
        help_texts = {"partners": _("Optional. Organisations that ran it with you, one per line.")}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.initial["region"] = self.instance.region_code
            self.initial["audiences"] = list(self.instance.audiences.values_list("kind", flat=True))

    def apply(self) -> AwarenessActivity:
        """The instance with the form's values (saved by the service, not here)."""
        activity: AwarenessActivity = self.instance
        activity.region_code = self.cleaned_data["region"]
        activity.topics = list(self.cleaned_data["topics"])
        return activity
