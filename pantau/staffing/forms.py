from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from pantau.lib.persons import clean_nik
from pantau.lib.uploads import validate_document
from pantau.registry.models import Lksa
from pantau.staffing.models import Bar, Training, TrainingSession
from pantau.staffing.selectors import EXPIRED, EXPIRING, NO_SKCK, OK, UNTRAINED

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def _not_future(value: Any) -> Any:
    if value and value > timezone.localdate():
        raise ValidationError(_("The date cannot be in the future."))
    return value


def _document(upload: Any) -> Any:
    if upload and hasattr(upload, "content_type"):
        validate_document(upload)
    return upload


class ClearanceForm(forms.Form):
    number = forms.CharField(label=_("SKCK number"), max_length=100)
    issued_on = forms.DateField(label=_("Issued on"), widget=DATE)
    document = forms.FileField(label=_("Scan of the SKCK (PDF, JPEG or PNG)"), required=False)

    def clean_issued_on(self) -> Any:
        return _not_future(self.cleaned_data["issued_on"])

    def clean_document(self) -> Any:
        return _document(self.cleaned_data.get("document"))


class TrainingForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=Training.Kind.choices)
    title = forms.CharField(label=_("Title"), max_length=200)
    provider = forms.CharField(label=_("Provider"), max_length=200)
    held_on = forms.DateField(label=_("Date"), widget=DATE)
    certificate = forms.FileField(label=_("Certificate (PDF, JPEG or PNG)"), required=False)

    def clean_held_on(self) -> Any:
        return _not_future(self.cleaned_data["held_on"])

    def clean_certificate(self) -> Any:
        return _document(self.cleaned_data.get("certificate"))


class DecisionForm(forms.Form):
    note = forms.CharField(label=_("Note (the home sees it)"), max_length=500, required=False)


class SessionForm(forms.ModelForm):
    homes = forms.ModelMultipleChoiceField(
        label=_("Homes invited"), queryset=Lksa.objects.none(), widget=forms.CheckboxSelectMultiple
    )

    class Meta:
        model = TrainingSession
        fields = ["held_on", "place", "topic", "counts_as_protection"]
        widgets = {"held_on": DATE}

    def __init__(self, *args: Any, homes: QuerySet[Lksa], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["homes"].queryset = homes.order_by("name")  # type: ignore[attr-defined]


class PolicyForm(forms.Form):
    skck_validity_months = forms.IntegerField(
        label=_("A police clearance counts for (months)"),
        min_value=1,
        max_value=60,
        help_text=_(
            "Policy setting of this office. The SKCK's own validity under Polri regulation is unverified."
        ),
    )


class BarForm(forms.ModelForm):
    nik = forms.CharField(
        label=_("NIK"),
        max_length=30,
        required=False,
        help_text=_("Kept only as a keyed hash for matching; the number itself is not stored."),
    )
    finding_number = forms.IntegerField(label=_("Supervision finding no."), required=False, min_value=1)
    case_number = forms.CharField(label=_("Case number"), max_length=40, required=False)

    class Meta:
        model = Bar
        fields = ["full_name", "birth_date", "reason", "from_on", "until_on"]
        widgets = {
            "birth_date": DATE,
            "from_on": DATE,
            "until_on": DATE,
            "reason": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args: Any, findings: QuerySet[Any], cases: QuerySet[Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.findings, self.cases = findings, cases

    def clean_nik(self) -> str:
        return clean_nik(self.cleaned_data.get("nik"))

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        finding_number, case_number = data.get("finding_number"), (data.get("case_number") or "").strip()
        if bool(finding_number) == bool(case_number):
            raise ValidationError(_("Give the finding or the case the bar follows from (one of them)."))
        if finding_number:
            self.instance.finding = self.findings.filter(pk=finding_number).first()
            if self.instance.finding is None:
                self.add_error("finding_number", _("No such finding among those you see."))
        else:
            self.instance.case = self.cases.filter(number=case_number).first()
            if self.instance.case is None:
                self.add_error("case_number", _("No such case among those you work on."))
        if data.get("until_on") and data.get("from_on") and data["until_on"] < data["from_on"]:
            self.add_error("until_on", _("The end must not be before the start."))
        return data


STATUS_CHOICES = [
    ("", _("Any")),
    (NO_SKCK, _("No police clearance")),
    (EXPIRED, _("Clearance expired")),
    (EXPIRING, _("Clearance expiring within 30 days")),
    (UNTRAINED, _("No child-protection training")),
    (OK, _("Vetted and trained")),
]


class StaffFilterForm(forms.Form):
    q = forms.CharField(label=_("Name or home"), required=False, max_length=100)
    status = forms.ChoiceField(label=_("Status"), required=False, choices=STATUS_CHOICES)
    board = forms.ChoiceField(
        label=_("Role"),
        required=False,
        choices=[("", _("Any")), ("board", _("Board members")), ("staff", _("Caregivers and staff"))],
    )
    flagged = forms.BooleanField(label=_("Matches a barred person"), required=False)
