"""The family-care pages' forms. They check shapes (a date is a date, a number a number); the rules
themselves (ages, order of steps, trial months...) are the services' and come back on the fields."""

from __future__ import annotations

import re
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from pantau.children.models import Child, ChildQuerySet
from pantau.familycare.models import (
    DocumentKind,
    Family,
    FamilyDocument,
    Kind,
    MonitoringVisit,
    Religion,
    RuleSet,
    Stage,
)
from pantau.familycare.rules import DEFAULTS
from pantau.familycare.workflow import END_OUTCOMES, FLOWS, PIPA_OUTCOMES, Step
from pantau.regions.forms import PlaceField

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
NOTES = forms.Textarea(attrs={"rows": 2})
STATES = [
    ("", _("All")),
    ("open", _("Open")),
    ("due", _("Due within two weeks or overdue")),
    ("step_due", _("Next step due within two weeks or overdue")),
    ("visit_due", _("Monitoring visit due within two weeks or overdue")),
    ("overdue", _("Overdue")),
    ("closed", _("Closed")),
]


class FamilyForm(forms.ModelForm):
    region = PlaceField(
        label=_("Where the family lives"),
        levels=(2, 3, 4),
        help_text=_("The regency or city whose Dinas Sosial receives the application, or a place in it."),
    )

    class Meta:
        model = Family
        fields = [
            "applicant_name",
            "applicant_sex",
            "applicant_birth_date",
            "applicant_religion",
            "applicant_citizenship",
            "marital_status",
            "married_on",
            "spouse_name",
            "spouse_sex",
            "spouse_birth_date",
            "spouse_religion",
            "spouse_citizenship",
            "children_count",
            "adoptions_before",
            "last_adoption_on",
            "monthly_income",
            "relationship_to_child",
            "address",
            "phone",
        ]
        widgets = {
            "applicant_birth_date": DATE,
            "married_on": DATE,
            "spouse_birth_date": DATE,
            "last_adoption_on": DATE,
        }


class DocumentForm(forms.ModelForm):
    number = forms.CharField(
        label=_("Document number"),
        max_length=100,
        required=False,
        help_text=_("Stored encrypted; the pages show only that a number is on record."),
    )

    class Meta:
        model = FamilyDocument
        fields = ["kind", "issued_on", "valid_until"]
        widgets = {"issued_on": DATE, "valid_until": DATE}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("auto_id", "document_%s")  # one page holds several forms: unique ids
        super().__init__(*args, **kwargs)


CHILD_NUMBER = re.compile(r"#\s*(\d+)")


def child_label(child: Child) -> str:
    """How a child is offered in the "open a file" form: name, record number and home."""
    return f"{child.full_name} · #{child.pk} · {child.lksa.name}"


class FileOpenForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind of care"), choices=Kind.choices)
    child = forms.CharField(
        label=_("Child"),
        max_length=300,
        help_text=_("A child in a home's care you may see: type the name, or the record number as #123."),
        widget=forms.TextInput(attrs={"autocomplete": "off", "list": "child-options"}),
    )
    opened_on = forms.DateField(label=_("Application date"), widget=DATE)
    child_religion = forms.ChoiceField(
        label=_("Child's religion"),
        choices=[("", "---------"), *Religion.choices],
        required=False,
        help_text=_("Adoption and foster care: the family must share it."),
    )
    intercountry_reason = forms.CharField(
        label=_("Why no family in Indonesia could be found (intercountry adoption)"),
        max_length=2000,
        required=False,
        widget=NOTES,
    )
    court_order_number = forms.CharField(label=_("Court order number"), max_length=100, required=False)
    court = forms.CharField(label=_("Court"), max_length=150, required=False)
    court_order_on = forms.DateField(label=_("Court order date"), required=False, widget=DATE)

    def __init__(self, *args: Any, children: ChildQuerySet, **kwargs: Any) -> None:
        kwargs.setdefault("auto_id", "open_%s")  # one page holds several forms: unique ids
        super().__init__(*args, **kwargs)
        self.children = children
        self.candidates: list[Child] = []

    def clean_child(self) -> Child:
        """A record number (#123) or a name among the children in care this person may see."""
        text = " ".join(self.cleaned_data["child"].split())
        in_care = self.children.in_care().select_related("lksa")
        if match := CHILD_NUMBER.search(text):
            found = in_care.filter(pk=int(match.group(1))).first()
            if found is None:
                raise forms.ValidationError(_("No child in care you may see has that record number."))
            return found
        matches = list(in_care.filter(full_name__icontains=text).order_by("full_name", "pk")[:11])
        if not matches:
            raise forms.ValidationError(_("No child in care you may see has that name."))
        if len(matches) > 1:
            self.candidates = matches[:10]
            raise forms.ValidationError(
                _("Several children in care match “%(text)s”: choose one by its record number.")
                % {"text": text}
            )
        return matches[0]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("kind") == Kind.GUARDIANSHIP:
            for name in ("court_order_number", "court", "court_order_on"):
                if not data.get(name):
                    self.add_error(name, _("A guardianship is recorded with its court order."))
        return data

    def court_order(self) -> dict[str, Any] | None:
        data = self.cleaned_data
        if data.get("kind") != Kind.GUARDIANSHIP:
            return None
        return {
            "document_number": data["court_order_number"],
            "issued_by": data["court"],
            "done_on": data["court_order_on"],
        }


class StepForm(forms.Form):
    """The next step only; its labels are the step's own (the document, who issues it)."""

    stage = forms.CharField(widget=forms.HiddenInput)
    version = forms.IntegerField(widget=forms.HiddenInput)
    done_on = forms.DateField(label=_("Date"), widget=DATE)
    document_number = forms.CharField(max_length=100, required=False)
    issued_by = forms.CharField(max_length=150, required=False)
    outcome = forms.ChoiceField(
        label=_("Tim PIPA's recommendation"), choices=[("", "---------"), *PIPA_OUTCOMES], required=False
    )
    notes = forms.CharField(label=_("Notes"), max_length=2000, required=False, widget=NOTES)

    def __init__(self, *args: Any, step: Step, **kwargs: Any) -> None:
        kwargs.setdefault("auto_id", "step_%s")  # one page holds several forms: unique ids
        super().__init__(*args, **kwargs)
        if step.document:
            self.fields["document_number"].label = str(step.document)
        else:
            del self.fields["document_number"]
        if step.issuer:
            self.fields["issued_by"].label = str(step.issuer)
        else:
            del self.fields["issued_by"]
        if step.stage == Stage.ENDED:
            self.fields["outcome"] = forms.ChoiceField(
                label=_("Where the child goes"), choices=[("", "---------"), *END_OUTCOMES]
            )
        elif step.stage != Stage.PIPA_REVIEW:
            del self.fields["outcome"]
        if step.stage == Stage.ENDED:
            self.fields["notes"].label = _("Why the placement ended")


class CloseForm(forms.Form):
    outcome = forms.ChoiceField(
        label=_("Outcome"),
        choices=[
            ("", "---------"),
            (Stage.WITHDRAWN, Stage.WITHDRAWN.label),
            (Stage.REFUSED, Stage.REFUSED.label),
        ],
    )
    on = forms.DateField(label=_("Date"), widget=DATE)
    reason = forms.CharField(label=_("Reason"), max_length=2000, widget=NOTES)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("auto_id", "close_%s")  # one page holds several forms: unique ids
        super().__init__(*args, **kwargs)


class VisitForm(forms.ModelForm):
    class Meta:
        model = MonitoringVisit
        fields = ["visited_on", "by", "finding", "notes"]
        widgets = {"visited_on": DATE, "notes": NOTES}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("auto_id", "visit_%s")  # one page holds several forms: unique ids
        super().__init__(*args, **kwargs)


class RedFlagsForm(forms.Form):
    intermediary_name = forms.CharField(
        label=_("Intermediary (who arranged it)"), max_length=150, required=False
    )
    intermediary_phone = forms.CharField(label=_("Intermediary's phone"), max_length=30, required=False)
    intermediary_account = forms.CharField(
        label=_("Intermediary's bank account"), max_length=40, required=False
    )
    money_paid = forms.IntegerField(label=_("Money paid (Rp)"), min_value=0, required=False)
    money_paid_to = forms.CharField(label=_("Paid to"), max_length=150, required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("auto_id", "flags_%s")  # one page holds several forms: unique ids
        super().__init__(*args, **kwargs)


# --- Rules ----------------------------------------------------------------------------------------

# The numbers a kind's rules may hold, with their labels; a kind shows those its first version has.
NUMBERS: list[tuple[str, Any]] = [
    ("min_age", _("Minimum age of an applicant")),
    ("max_age", _("Maximum age of an applicant")),
    ("min_marriage_years", _("Years married, at least")),
    ("max_existing_children", _("Children already in the family, at most")),
    ("max_adoptions", _("Adoptions, at most")),
    ("min_years_between_adoptions", _("Years between adoptions, at least")),
    ("trial_months", _("Trial care, months at least")),
    ("monitoring_every_days", _("Monitoring visit every (days)")),
]


# Numbers the checks cannot do without (an empty one would mean nothing, not "no limit").
REQUIRED_NUMBERS = frozenset(
    {
        "min_marriage_years",
        "max_existing_children",
        "max_adoptions",
        "min_years_between_adoptions",
        "trial_months",
    }
)


def rule_keys(kind: str) -> list[str]:
    return [key for key, _label in NUMBERS if key in DEFAULTS[kind]]


def deadline_stages(kind: str) -> list[str]:
    return [step.stage for step in FLOWS[kind][1:] if step.stage in DEFAULTS[kind].get("deadlines", {})]


class RulesForm(forms.Form):
    """A new version of a kind's rules, typed: each number, the documents as checkboxes, a deadline per
    stage. Prefilled from the version in force; an empty number means "no limit"."""

    valid_from = forms.DateField(label=_("Applies from"), widget=DATE)
    required_documents = forms.MultipleChoiceField(
        label=_("Required documents"),
        choices=DocumentKind.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    note = forms.CharField(
        label=_("What changed, and its source"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Cite the regulation (number, year, article)."),
    )

    def __init__(self, *args: Any, kind: str, current: RuleSet, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.kind = kind
        labels = dict(NUMBERS)
        for key in rule_keys(kind):
            self.fields[key] = forms.IntegerField(
                label=labels[key],
                min_value=0,
                max_value=1000,
                required=key in REQUIRED_NUMBERS,
                initial=current.params.get(key),
            )
        stage_labels = dict(Stage.choices)
        deadlines = current.params.get("deadlines", {})
        for stage in deadline_stages(kind):
            self.fields[f"deadline_{stage}"] = forms.IntegerField(
                label=_("Days to reach “%(stage)s”") % {"stage": stage_labels[stage]},
                min_value=1,
                max_value=3650,
                required=False,
                initial=deadlines.get(stage),
            )
        self.fields["required_documents"].initial = current.params.get("required_documents", [])
        # Parameters this form does not type (none today) are carried over unchanged.
        self.carried = {
            k: v
            for k, v in current.params.items()
            if k not in (*rule_keys(kind), "required_documents", "deadlines")
        }

    def number_fields(self) -> list[forms.BoundField]:
        return [self[key] for key in rule_keys(self.kind)]

    def deadline_fields(self) -> list[forms.BoundField]:
        return [self[f"deadline_{stage}"] for stage in deadline_stages(self.kind)]

    def params(self) -> dict[str, Any]:
        data = self.cleaned_data
        params: dict[str, Any] = dict(self.carried)
        for key in rule_keys(self.kind):
            params[key] = data.get(key)
        params["required_documents"] = list(data.get("required_documents") or [])
        params["deadlines"] = {
            stage: data[f"deadline_{stage}"]
            for stage in deadline_stages(self.kind)
            if data.get(f"deadline_{stage}") is not None
        }
        return params
