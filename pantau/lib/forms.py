"""Small helpers shared by the apps' forms: errors from services, the version a form was loaded at,
links typed without a scheme."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db.models import URLField
from django.http import HttpRequest


def show_errors(form: Any, error: ValidationError) -> None:
    """A service's refusal on the form: on the field it names, else at the top."""
    problems = error.message_dict if hasattr(error, "error_dict") else {"__all__": error.messages}
    for field, texts in problems.items():
        form.add_error(field if field in form.fields else None, texts)


def posted_version(request: HttpRequest) -> int:
    """The version the form was loaded at; anything unreadable counts as stale (the user reloads)."""
    try:
        return int(request.POST.get("version", ""))
    except ValueError:
        return -1


def formfield_assuming_https(field: Any, **kwargs: Any) -> Any:
    """A ModelForm ``formfield_callback``: a link typed as "tiktok.com/@x" is taken as https."""
    if isinstance(field, URLField):
        kwargs["assume_scheme"] = "https"
    return field.formfield(**kwargs)
