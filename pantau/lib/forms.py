"""Small helpers for forms that edit a versioned record."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
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
