from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from pantau.cases.models import Concern
from pantau.public.search import read_place
from pantau.regions.lookup import Place, PlaceError


class CheckForm(forms.Form):
    q = forms.CharField(
        label=_("Name of the children's home"),
        required=False,
        max_length=100,
        help_text=_("Words in any order, e.g. kasih bunda. A place name also works: kasih tangerang."),
    )
    # "region" in the address, as before (bookmarks and API clients use it); it now takes a name too.
    region = forms.CharField(
        label=_("Place (optional)"),
        required=False,
        max_length=100,
        help_text=_(
            "A kabupaten/kota, kecamatan, village or province: its name (Tigaraksa, Kab. Tangerang) "
            "or its code."
        ),
    )

    def clean_region(self) -> list[Place]:
        text = self.cleaned_data["region"].strip()
        if not text:
            return []
        try:
            return read_place(text)
        except PlaceError as error:
            raise forms.ValidationError(error.message) from error


class LookupForm(forms.Form):
    value = forms.CharField(
        label=_("Bank account number or social-media account from a donation appeal"),
        max_length=200,
        help_text=_("For example 123-456-7890, @panti.kasih or a TikTok / Instagram link."),
    )


class ConcernForm(forms.ModelForm):
    class Meta:
        model = Concern
        fields = ["category", "description", "subject_text", "reporter_name", "reporter_contact"]
        widgets = {"description": forms.Textarea(attrs={"rows": 6, "maxlength": 5000})}
        help_texts = {
            "description": _("What did you see or hear, when and where? Do not upload photos of children."),
            "reporter_contact": _("Optional. Only the officers handling the report see it."),
        }


class TrackForm(forms.Form):
    code = forms.CharField(label=_("Tracking code"), max_length=20)

    def clean_code(self) -> str:
        return self.cleaned_data["code"].strip().upper()
