"""A place typed by name or code, for every form that asks where: ``PlaceField`` and its ``PlaceInput``.

The input is a text box with suggestions (a ``<datalist>`` that htmx fills from the region search while
the person types); a picked suggestion reads "Tigaraksa, Kab. Tangerang (36.03.03)". Without JavaScript a
typed name or code works the same, because the field resolves it on the server
(``pantau.regions.lookup.resolve_place``). The cleaned value is the Kemendagri code.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django import forms
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from pantau.regions.lookup import Place, PlaceError, looks_like_code, place_labels, resolve_place
from pantau.regions.models import normalise_region_code


class PlaceInput(forms.TextInput):
    template_name = "regions/place_input.html"

    def __init__(self, attrs: dict[str, Any] | None = None, levels: Iterable[int] | None = None) -> None:
        super().__init__(
            {"autocomplete": "off", "spellcheck": "false", "class": "place-input", **(attrs or {})}
        )
        self.levels = tuple(levels) if levels is not None else None

    def format_value(self, value: Any) -> str | None:
        """A stored code, or a typed name that means one place, shows as that place ("Tigaraksa, Kab.
        Tangerang (36.03.03)"), so the person sees what the form understood; anything else as typed."""
        text = super().format_value(value)
        if not text:
            return text
        if looks_like_code(text):
            code = normalise_region_code(text)
            label = place_labels([code]).get(code)
            return f"{label} ({code})" if label else text
        try:
            return resolve_place(text, levels=self.levels, allow_inactive=True).choice
        except PlaceError:
            return text

    def get_context(self, name: str, value: Any, attrs: dict[str, Any] | None) -> dict[str, Any]:
        context = super().get_context(name, value, attrs)
        widget = context["widget"]
        list_id = f"{widget['attrs'].get('id') or name}-places"
        query = f"?field={name}"
        if self.levels is not None:
            query += "&levels=" + ",".join(str(level) for level in self.levels)
        widget["attrs"].update(
            {
                "list": list_id,
                "hx-get": reverse("core:region_search") + query,
                "hx-trigger": "input changed delay:250ms",
                "hx-target": f"#{list_id}",
                "hx-swap": "innerHTML",
                "hx-sync": "this:replace",
            }
        )
        widget["list_id"] = list_id
        return context


class PlaceField(forms.CharField):
    """A region typed as a name ("Tigaraksa", "Kab. Tangerang", "kota medan") or a code ("36.03.03"); the
    cleaned value is the code ("" when left empty). ``levels`` limits which regions fit (1 province … 4
    village); retired codes are refused unless ``allow_inactive``. The resolved place is kept on
    ``self.place`` for a form that wants its label."""

    widget = PlaceInput

    def __init__(
        self, *, levels: Iterable[int] | None = None, allow_inactive: bool = False, **kwargs: Any
    ) -> None:
        self.levels = tuple(levels) if levels is not None else None
        self.allow_inactive = allow_inactive
        kwargs.pop("max_length", None)  # a typed name is longer than the code it becomes
        kwargs.setdefault("widget", PlaceInput(levels=self.levels))
        super().__init__(**kwargs)
        self.place: Place | None = None

    def to_python(self, value: Any) -> str:
        text = " ".join(str(super().to_python(value) or "").split())
        if not text:
            return ""
        try:
            place = resolve_place(text, levels=self.levels, allow_inactive=self.allow_inactive)
        except PlaceError as error:
            raise forms.ValidationError(error.message, code=error.code) from error
        self.place = place
        return place.code


class PlaceFilterForm(forms.Form):
    """The "where" of a list's filter, read from the query string's ``region``: a name or a code."""

    region = PlaceField(label=_("Place"), required=False, allow_inactive=True)

    def code(self) -> str:
        """The region to filter by: "" when none was given or the text named no single place (the form
        then carries the error to show)."""
        return str(self.cleaned_data.get("region") or "") if self.is_valid() else ""
