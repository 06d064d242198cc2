from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import Model
from django.utils.translation import gettext_lazy as _

from pantau.accounts.access import UserLike, region_in_scope
from pantau.lib.forms import formfield_assuming_https
from pantau.lib.uploads import validate_document
from pantau.regions.forms import PlaceField
from pantau.registry.models import (
    Accreditation,
    AdoptionLicence,
    BankAccount,
    FundraisingPermit,
    LegalEntity,
    Lksa,
    Registration,
    SocialAccount,
    StaffMember,
)
from pantau.registry.models.lksa import LegalityStatus
from pantau.registry.services import PROFILE_FIELDS

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class LksaForm(forms.ModelForm):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    region_code = PlaceField(
        label=_("Village or kecamatan"),
        levels=(2, 3, 4),
        help_text=_(
            "Type the name of the village or kecamatan (e.g. Tigaraksa, or Pasir Bolang, Tigaraksa) and pick "
            "it from the suggestions, or its Kemendagri code, e.g. 36.03.03.2002."
        ),
    )

    class Meta:
        model = Lksa
        fields = list(PROFILE_FIELDS)

    def __init__(self, *args: Any, actor_user: UserLike, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.actor_user = actor_user
        if self.instance.pk:
            self.initial.setdefault("version", self.instance.version)

    def clean_region_code(self) -> str:
        code = str(self.cleaned_data["region_code"])
        if not region_in_scope(self.actor_user, code):
            raise forms.ValidationError(_("This region is outside your jurisdiction."))
        return code


class DocumentMixin:
    """Document uploads are checked by content and size."""

    def clean_document(self) -> Any:
        document = self.cleaned_data.get("document")  # type: ignore[attr-defined]
        if document and hasattr(document, "content_type"):
            validate_document(document)
        return document


def _record_form(model: type, fields: list[str]) -> type[forms.ModelForm]:
    meta = type(
        "Meta",
        (),
        {
            "model": model,
            "fields": fields,
            "formfield_callback": formfield_assuming_https,
            "widgets": {name: DATE for name in fields if name.endswith(("_on", "_date", "until"))},
        },
    )
    return type(f"{model.__name__}Form", (DocumentMixin, forms.ModelForm), {"Meta": meta})


_DATED = ["number", "issuer", "issued_on", "valid_until", "document"]

RECORD_FORMS: dict[str, tuple[type[forms.ModelForm], Any]] = {
    "registration": (_record_form(Registration, _DATED), _("Dinas Sosial registration")),
    "legal_entity": (
        _record_form(
            LegalEntity,
            [
                "form",
                "name",
                "deed_number",
                "deed_date",
                "notary",
                "ahu_number",
                "ahu_date",
                "npwp",
                "document",
            ],
        ),
        _("Legal entity (yayasan / perkumpulan)"),
    ),
    "accreditation": (_record_form(Accreditation, ["grade", *_DATED]), _("Accreditation")),
    "fundraising_permit": (
        _record_form(FundraisingPermit, ["level", "area", "purpose", "bank_account", *_DATED]),
        _("Fundraising (PUB) permit"),
    ),
    "adoption_licence": (_record_form(AdoptionLicence, _DATED), _("Adoption licence")),
    "bank_account": (
        _record_form(BankAccount, ["bank", "number", "holder_name", "holder_kind"]),
        _("Bank account"),
    ),
    "social_account": (_record_form(SocialAccount, ["platform", "handle", "url"]), _("Social-media account")),
    # The police clearance and training dates are not typed here: they are written from the clearance and
    # training records of pantau.staffing (with their end date and Dinas Sosial's check), so a date typed
    # on this form cannot count as a clearance that never expires.
    "staff": (
        _record_form(
            StaffMember,
            [
                "full_name",
                "position",
                "is_social_worker",
                "is_board",
                "birth_date",
                "is_active",
            ],
        ),
        _("Staff member"),
    ),
}

RECORD_MODELS: dict[str, type[Model]] = {
    key: form._meta.model for key, (form, _label) in RECORD_FORMS.items()
}


class LksaFilterForm(forms.Form):
    q = forms.CharField(label=_("Name"), required=False)
    region = PlaceField(label=_("Place"), required=False)
    status = forms.ChoiceField(
        label=_("Legality"), required=False, choices=[("", _("Any status")), *LegalityStatus.choices]
    )
    grade = forms.ChoiceField(
        label=_("Accreditation"),
        required=False,
        choices=[("", _("Any")), ("none", _("None valid")), *Accreditation.Grade.choices],
    )
    expiring = forms.TypedChoiceField(
        label=_("Registration expires within"),
        required=False,
        coerce=int,
        empty_value=None,
        choices=[("", _("Any time")), (7, _("7 days")), (30, _("30 days")), (60, _("60 days"))],
    )
    over_capacity = forms.BooleanField(label=_("Over capacity"), required=False)


class ContactForm(forms.ModelForm):
    """What a home may change itself, without verification."""

    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = Lksa
        fields = ["address", "phone", "email"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.initial.setdefault("version", self.instance.version)


class RejectForm(forms.Form):
    note = forms.CharField(
        label=_("Reason for rejecting (the home sees it)"),
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
