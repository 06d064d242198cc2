"""Forms of a case opened from an agency's own intake and of a referral with consent (cases/intake.py)."""

from __future__ import annotations

from collections.abc import Collection
from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from pantau.accounts.models import Organisation
from pantau.cases.models import FormOfViolence, PlaceOfViolence, ProtectionCluster, Referral
from pantau.cases.sharing import SHARED, consent_errors
from pantau.regions.forms import PlaceField

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
BLANK: list[tuple[str, Any]] = [("", "—")]


class IntakeCaseForm(forms.Form):
    intake = forms.ChoiceField(label=_("How the case came in"))
    police_report_number = forms.CharField(
        label=_("Police report (LP) number"),
        max_length=100,
        required=False,
        help_text=_("Required for a police report, e.g. LP/B/123/VI/2026/SPKT/Polresta Tangerang."),
    )
    reported_on = forms.DateField(label=_("Date of the report, visit or call"), widget=DATE)
    title = forms.CharField(label=_("Title"), max_length=200, help_text=_("Short, without children's names."))
    form_of_violence = forms.ChoiceField(
        label=_("Form of violence (SIMFONI)"), choices=FormOfViolence.choices
    )
    cluster = forms.ChoiceField(label=_("KPAI cluster"), choices=ProtectionCluster.choices)
    place = forms.ChoiceField(label=_("Where it happened (SIMFONI)"), choices=BLANK + PlaceOfViolence.choices)
    summary = forms.CharField(label=_("Summary"), max_length=5000, widget=forms.Textarea(attrs={"rows": 4}))
    lksa_number = forms.IntegerField(
        label=_("LKSA number in Pantau (if it concerns a home)"), required=False, min_value=1
    )
    region = PlaceField(
        label=_("Region where it happened (if it concerns no home)"),
        required=False,
        help_text=_("e.g. Tigaraksa or Kab. Tangerang; in your jurisdiction."),
    )

    def __init__(self, *args: Any, intakes: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["intake"]
        assert isinstance(field, forms.ChoiceField)  # noqa: S101
        field.choices = intakes
        if len(intakes) == 1:
            field.initial = intakes[0][0]


class ReferralPurposeForm(forms.Form):
    """Step one (a GET form): the purpose, and for a return or another region the region the child goes
    to; the agencies that may receive it are listed from these."""

    purpose = forms.ChoiceField(label=pgettext_lazy("what a referral asks for", "Purpose"))
    region = PlaceField(
        label=_("Region the child goes to (return, another region)"),
        required=False,
        help_text=_("The child's home region for a return, e.g. Kota Kupang."),
    )

    def __init__(self, *args: Any, purposes: list[str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["purpose"]
        assert isinstance(field, forms.ChoiceField)  # noqa: S101
        field.choices = [(p, label) for p, label in Referral.Purpose.choices if p in purposes]


class ReferralConsentForm(forms.Form):
    """Step two: the agency, what is asked, and the consent, legal basis and what is shared."""

    purpose = forms.CharField(widget=forms.HiddenInput)
    region = forms.CharField(widget=forms.HiddenInput, required=False)
    to_org = forms.ModelChoiceField(
        label=_("To"),
        queryset=Organisation.objects.none(),
        empty_label="—",  # as the form's other lists
        error_messages={
            "invalid_choice": _(
                "This agency does not exist or cannot receive this referral: choose from the list."
            )
        },
    )
    note = forms.CharField(
        label=_("What is asked"), max_length=2000, required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    due_on = forms.DateField(label=_("Answer by"), widget=DATE)
    legal_basis = forms.ChoiceField(
        label=_("Legal basis for sharing (UU 27/2022 Pasal 20)"),
        choices=BLANK + Referral.LegalBasis.choices,
        required=False,
    )
    guardian_consent = forms.ChoiceField(
        label=_("The parent's or guardian's consent"),
        choices=BLANK + Referral.Consent.choices,
        required=False,
    )
    child_assent = forms.ChoiceField(
        label=_("The child's assent"), choices=BLANK + Referral.Assent.choices, required=False
    )
    consent_note = forms.CharField(
        label=_("Note on consent and the legal basis"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Why the child was not asked, or which obligation, danger or authority the basis is."),
    )
    shared = forms.MultipleChoiceField(
        label=_("What the agency receives once it accepts"),
        choices=list(SHARED.items()),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(
        self,
        *args: Any,
        organisations: QuerySet[Organisation],
        sections: Collection[str] = frozenset(SHARED),
        **kwargs: Any,
    ) -> None:
        """``sections``: the parts of the file the sender itself sees (all for the lead agency), the only
        ones it may pass on."""
        super().__init__(*args, **kwargs)
        field = self.fields["to_org"]
        assert isinstance(field, forms.ModelChoiceField)  # noqa: S101
        field.queryset = organisations
        shared = self.fields["shared"]
        assert isinstance(shared, forms.MultipleChoiceField)  # noqa: S101
        shared.choices = [(code, label) for code, label in SHARED.items() if code in sections]

    def clean(self) -> dict[str, Any]:
        """The consent rules (cases/sharing.py) are checked here too, so that one submit shows every
        error at once; the service checks them again."""
        data = super().clean() or {}
        errors = consent_errors(
            legal_basis=data.get("legal_basis", ""),
            child_assent=data.get("child_assent", ""),
            guardian_consent=data.get("guardian_consent", ""),
            consent_note=data.get("consent_note", ""),
            shared=list(data.get("shared") or []),
        )
        for field, messages in errors.items():
            if field not in self.errors:
                self.add_error(field, messages)
        return data
