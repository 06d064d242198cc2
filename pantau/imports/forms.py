from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from pantau.lib.uploads import validate_spreadsheet


class ImportForm(forms.Form):
    file = forms.FileField(
        label=_("Spreadsheet (.xlsx or .csv)"),
        help_text=_(
            "Use the Pantau template. Every row is checked first; if any row is wrong, nothing is saved."
        ),
    )

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        limit = settings.PANTAU_IMPORT_MAX_MB
        if upload.size > limit * 1024 * 1024:
            raise forms.ValidationError(
                _(
                    "The file is %(size).0f MB; an import may be at most %(limit)s MB. "
                    "Split it into several files."
                )
                % {"size": upload.size / 1024 / 1024, "limit": limit}
            )
        if not upload.name.lower().endswith((".xlsx", ".csv")):
            raise forms.ValidationError(_("Upload an Excel (.xlsx) or CSV (.csv) file."))
        validate_spreadsheet(upload)  # by content: a renamed program or page never becomes a job
        return upload
