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


class ChildReportForm(forms.Form):
    """The children's channel: a few choices in short words, a box to say more, and optional details.
    Each choice maps to the concern category triage works with."""

    WHAT = [
        ("hurt", _("Someone hurts me or another child"), Concern.Category.ABUSE),
        ("work", _("I have to work, beg or perform"), Concern.Category.WORK),
        ("video", _("I am filmed or put on live video to get money"), Concern.Category.LIVESTREAM),
        ("online", _("Someone online asks for my photos or to meet me"), Concern.Category.ABUSE),
        ("taken", _("Someone wants to take a child away or 'adopt' a child"), Concern.Category.ADOPTION),
        ("other", _("Something else worries me"), Concern.Category.OTHER),
    ]
    CATEGORY = {key: category for key, _label, category in WHAT}

    what = forms.ChoiceField(
        label=_("What is happening?"),
        choices=[(key, label) for key, label, _category in WHAT],
        widget=forms.RadioSelect(attrs={"class": "big-choices"}),
        error_messages={"required": _("Choose one of the answers.")},
    )
    story = forms.CharField(
        label=_("Tell us more (you can skip this)"),
        required=False,
        max_length=3000,
        widget=forms.Textarea(attrs={"rows": 4, "maxlength": 3000}),
    )
    home = forms.CharField(
        label=_("Name of your home or place (you can skip this)"), required=False, max_length=150
    )
    name = forms.CharField(label=_("Your name (you can skip this)"), required=False, max_length=150)
    contact = forms.CharField(
        label=_("A phone number or e-mail to reach you safely (you can skip this)"),
        required=False,
        max_length=150,
    )

    def concern(self) -> Concern:
        data = self.cleaned_data
        label = dict((key, label) for key, label, _category in self.WHAT)[data["what"]]
        story = data["story"].strip()
        return Concern(
            category=self.CATEGORY[data["what"]],
            description=story or str(label),
            subject_text=data["home"].strip(),
            reporter_name=data["name"].strip(),
            reporter_contact=data["contact"].strip(),
            is_priority=True,
        )


class ChildTrackForm(forms.Form):
    code = forms.CharField(label=_("Your code"), max_length=20)

    def clean_code(self) -> str:
        return self.cleaned_data["code"].strip().upper()
