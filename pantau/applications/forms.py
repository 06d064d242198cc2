from __future__ import annotations

from typing import Any, cast

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from pantau.accounts.models import Organisation, User
from pantau.accounts.roles import Role
from pantau.applications.models import Application
from pantau.applications.services import FACTS, facts_errors
from pantau.lib.uploads import validate_document
from pantau.registry.models import Lksa


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(format="%Y-%m-%d", **kwargs)


class ApplicationForm(forms.ModelForm):
    """The kind-specific facts (services.FACTS); the home's own registrations and accounts to choose from."""

    class Meta:
        model = Application
        fields = [*FACTS["pub_recommendation"], "previous_registration"]
        widgets = {
            "summary": forms.Textarea(attrs={"rows": 4, "maxlength": 2000}),
            "starts_on": DateInput(),
            "ends_on": DateInput(),
        }
        help_texts = {
            "ends_on": _(
                "At most 3 months after the start (Permensos 8/2021); an extension: at most 1 month."
            ),
            "bank_account": _("One of the home's accounts held by the foundation."),
            "reach": _(
                "Decides who issues the permit; a national appeal goes to Kemensos with this recommendation."
            ),
        }

    def __init__(self, *args: Any, lksa: Lksa, kind: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.lksa, self.instance.kind = lksa, kind
        for name in list(self.fields):
            if name not in FACTS[kind]:
                del self.fields[name]
        if "previous_registration" in self.fields:
            field = cast(forms.ModelChoiceField, self.fields["previous_registration"])
            field.queryset = lksa.registrations.order_by("-issued_on")
            field.required = True
        if "bank_account" in self.fields:
            cast(forms.ModelChoiceField, self.fields["bank_account"]).queryset = lksa.bank_accounts.order_by(
                "pk"
            )
        for name in ("purpose", "reach", "area", "starts_on", "ends_on", "bank_account"):
            if name in self.fields:
                self.fields[name].required = True

    def _post_clean(self) -> None:
        # ModelForm copies the cleaned values onto the instance here; the rules then read the instance.
        super()._post_clean()  # type: ignore[misc]
        for field, messages in facts_errors(self.instance, lksa=self.lksa).items():
            if field in self.errors:
                continue
            for message in messages:
                self.add_error(field if field in self.fields else None, message)


class DocumentForm(forms.Form):
    file = forms.FileField(label=_("Document (PDF, JPEG or PNG)"))

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        validate_document(upload)
        return upload


class NoteForm(forms.Form):
    note = forms.CharField(label=_("Note"), max_length=1000, widget=forms.Textarea(attrs={"rows": 3}))


class FileCheckForm(forms.Form):
    note = forms.CharField(
        label=_("Note (optional)"), max_length=500, required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class FieldVerificationForm(forms.Form):
    visited_on = forms.DateField(label=_("Date of the field verification"), widget=DateInput())
    officer = forms.ModelChoiceField(label=_("Officer who verified"), queryset=User.objects.none())
    note = forms.CharField(
        label=_("What was found"), max_length=1000, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args: Any, office: Organisation, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        officers = User.objects.members_of(office, roles=[Role.SUPERVISOR, Role.CASE_WORKER]).order_by(
            "full_name"
        )
        cast(forms.ModelChoiceField, self.fields["officer"]).queryset = officers
        self.fields["visited_on"].initial = timezone.localdate()


class ApproveForm(forms.Form):
    number = forms.CharField(label=_("Number"), max_length=100)
    issued_on = forms.DateField(label=_("Date"), widget=DateInput())

    def __init__(self, *args: Any, pub: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["number"].label = _("Recommendation letter number") if pub else _("Tanda Daftar number")
        self.fields["issued_on"].label = _("Letter date") if pub else _("Issued on")
        self.fields["issued_on"].initial = timezone.localdate()

    def clean_issued_on(self) -> Any:
        value = self.cleaned_data["issued_on"]
        if value > timezone.localdate():
            raise ValidationError(_("The date cannot be in the future."))
        return value
