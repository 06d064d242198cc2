from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from pantau.aid.models import AidRecord, Source

MAX_AMOUNT = 10_000_000_000  # Rp 10 billion: far above any per-child or total aid to one home
MAX_CHILDREN = 5_000
MAX_PERIOD_DAYS = 2 * 366


class AidRecordForm(forms.ModelForm[AidRecord]):
    total_amount = forms.IntegerField(
        label=_("Total (Rp)"),
        required=False,
        min_value=0,
        max_value=MAX_AMOUNT,
        help_text=_("Leave empty: amount per child x number of children."),
    )

    class Meta:
        model = AidRecord
        fields = [
            "source",
            "programme",
            "reference",
            "period_start",
            "period_end",
            "amount_per_child",
            "children_count",
            "total_amount",
            "total_note",
            "note",
        ]
        widgets = {
            "period_start": forms.DateInput(attrs={"type": "date"}),
            "period_end": forms.DateInput(attrs={"type": "date"}),
            "note": forms.Textarea(attrs={"rows": 2}),
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["amount_per_child"].max_value = MAX_AMOUNT  # type: ignore[attr-defined]
        self.fields["amount_per_child"].widget.attrs["max"] = MAX_AMOUNT
        self.fields["children_count"].min_value = 1  # type: ignore[attr-defined]
        self.fields["children_count"].widget.attrs.update(min=1, max=MAX_CHILDREN)

    def clean_amount_per_child(self) -> int:
        value = self.cleaned_data["amount_per_child"]
        if value > MAX_AMOUNT:
            raise forms.ValidationError(_("At most Rp 10.000.000.000."))
        return int(value)

    def clean_children_count(self) -> int:
        value = self.cleaned_data["children_count"]
        if not 1 <= value <= MAX_CHILDREN:
            raise forms.ValidationError(_("Between 1 and %(max)s children.") % {"max": MAX_CHILDREN})
        return int(value)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, end = data.get("period_start"), data.get("period_end")
        if start and end:
            if end < start:
                self.add_error("period_end", _("The period cannot end before it starts."))
            elif (end - start).days > MAX_PERIOD_DAYS:
                self.add_error("period_end", _("A period of at most two years; record each year separately."))
        if data.get("total_amount") is None:
            data["total_amount"] = 0  # computed by the service
        return data


class AidFilterForm(forms.Form):
    q = forms.CharField(label=_("LKSA"), required=False, max_length=100)
    region = forms.RegexField(
        label=_("Region code"), required=False, max_length=13, regex=r"^\d{2}(\.\d{2}(\.\d{2}(\.\d{4})?)?)?$"
    )
    source = forms.ChoiceField(label=_("Source"), required=False, choices=[("", "—"), *Source.choices])
    year = forms.IntegerField(label=_("Year"), required=False, min_value=2000, max_value=2100)
    flagged = forms.BooleanField(label=_("Flagged only"), required=False)
