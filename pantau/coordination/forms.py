"""Forms of the coordination pages. They only read the input; the rules are in services.py."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from pantau.accounts.models import Organisation
from pantau.coordination.models import ComputedIndicator, Meeting, Status, Theme
from pantau.coordination.selectors import OVERDUE
from pantau.regions.forms import PlaceField

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("widget", MultipleFileInput(attrs={"accept": ".pdf,.jpg,.jpeg,.png"}))
        super().__init__(*args, **kwargs)

    def clean(self, data: Any, initial: Any = None) -> Any:
        single = super().clean
        if isinstance(data, list | tuple):
            return [single(item, initial) for item in data]
        return [single(data, initial)] if data else []


def _organisations() -> QuerySet[Organisation]:
    return Organisation.objects.active().order_by("name")


class MeetingForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=300, required=False)
    held_on = forms.DateField(label=_("Date"), widget=DATE, required=False)
    place = forms.CharField(label=_("Venue"), max_length=300, required=False)
    organiser = forms.ModelChoiceField(
        label=_("Organiser"), queryset=Organisation.objects.none(), required=False
    )
    participants = forms.ModelMultipleChoiceField(
        label=_("Participating organisations (in Pantau)"),
        queryset=Organisation.objects.none(),
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 8}),
    )
    other_participants = forms.CharField(
        label=_("Other participants (not in Pantau), one per line"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
    )
    region = PlaceField(label=_("Region concerned (empty: national)"), levels=(1, 2), required=False)
    minutes = forms.CharField(label=_("Minutes"), widget=forms.Textarea(attrs={"rows": 6}), required=False)
    minutes_file = forms.FileField(
        label=_("Minutes (PDF, JPEG or PNG)"),
        required=False,
        widget=forms.ClearableFileInput(attrs={"accept": ".pdf,.jpg,.jpeg,.png"}),
    )

    def __init__(self, *args: Any, organisers: QuerySet[Organisation], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["organiser"].queryset = organisers  # type: ignore[attr-defined]
        self.fields["participants"].queryset = _organisations()  # type: ignore[attr-defined]


class RecommendationForm(forms.Form):
    number = forms.IntegerField(
        label=_("Number (empty if unnumbered)"), min_value=1, max_value=999, required=False
    )
    text = forms.CharField(
        label=_("Recommendation (as agreed)"), widget=forms.Textarea(attrs={"rows": 4}), required=False
    )
    summary_en = forms.CharField(label=_("Summary in English"), max_length=500, required=False)
    theme = forms.ChoiceField(label=_("Theme"), choices=Theme.choices, initial=Theme.OTHER)
    published = forms.BooleanField(label=_("Publish on the public progress page"), required=False)


class AssignmentForm(forms.Form):
    organisation = forms.ModelChoiceField(
        label=_("Responsible organisation"), queryset=Organisation.objects.none(), required=False
    )
    actions = forms.CharField(label=_("Actions"), widget=forms.Textarea(attrs={"rows": 3}), required=False)
    indicator = forms.CharField(label=_("Indicator"), max_length=500, required=False)
    computed_indicator = forms.ChoiceField(
        label=_("Indicator computed by Pantau"),
        choices=[("", _("— none —")), *ComputedIndicator.choices],
        required=False,
    )
    target = forms.CharField(label=_("Target to reach"), max_length=300, required=False)
    due_on = forms.DateField(label=_("Due date"), widget=DATE, required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = _organisations()  # type: ignore[attr-defined]


class ReportForm(forms.Form):
    reported_on = forms.DateField(label=_("Date"), widget=DATE, required=False)
    status = forms.ChoiceField(label=_("New status"), choices=Status.choices)
    blocked_reason = forms.CharField(label=_("Reason it is blocked"), max_length=500, required=False)
    narrative = forms.CharField(
        label=_("What was done"),
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,
        help_text=_("Do not name children or victims."),
    )
    evidence = MultipleFileField(label=_("Evidence (PDF, JPEG or PNG; up to 5 files)"), required=False)


class FilterForm(forms.Form):
    meeting = forms.ModelChoiceField(label=_("Meeting"), queryset=Meeting.objects.none(), required=False)
    organisation = forms.ModelChoiceField(
        label=_("Organisation"), queryset=Organisation.objects.none(), required=False
    )
    status = forms.ChoiceField(
        label=_("Status"),
        choices=[("", _("All")), (OVERDUE, _("Overdue")), *Status.choices],
        required=False,
    )

    def __init__(
        self, *args: Any, meetings: QuerySet[Meeting], organisations: QuerySet[Organisation], **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["meeting"].queryset = meetings  # type: ignore[attr-defined]
        self.fields["organisation"].queryset = organisations  # type: ignore[attr-defined]
