"""When a home's incident report is due: a POLICY SETTING, not a rule of law.

SNPA D26 (Permensos 30/HUK/2011) requires a home to record every suspicion or case and report it to
Dinas Sosial, but gives no time limit (law.py, "deadline"). Pantau counts the hours from when the home
learned of the incident, as set in ``PANTAU_INCIDENT_REPORT_HOURS`` (every kind) and
``PANTAU_INCIDENT_REPORT_HOURS_BY_KIND`` ("kind:hours" pairs). A wrong setting stops start-up
(ImproperlyConfigured naming the variable) rather than making reports late or on time by mistake.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

from pantau.incidents.models import Kind

MAX_HOURS = 30 * 24
BY_KIND = "PANTAU_INCIDENT_REPORT_HOURS_BY_KIND"


def _hours(name: str, raw: object) -> int:
    try:
        value = int(str(raw).strip())
    except ValueError:
        raise ImproperlyConfigured(f"{name}: {raw!r} is not a whole number of hours.") from None
    if not 1 <= value <= MAX_HOURS:
        raise ImproperlyConfigured(f"{name}: {value} hours is outside the allowed range 1..{MAX_HOURS}.")
    return value


def report_hours() -> dict[str, int]:
    """Hours allowed per kind, every kind present; ImproperlyConfigured on a bad setting."""
    default = _hours("PANTAU_INCIDENT_REPORT_HOURS", settings.PANTAU_INCIDENT_REPORT_HOURS)
    hours = dict.fromkeys(Kind.values, default)
    seen: set[str] = set()
    for pair in settings.PANTAU_INCIDENT_REPORT_HOURS_BY_KIND:
        kind, sep, value = str(pair).partition(":")
        kind = kind.strip()
        if not sep:
            raise ImproperlyConfigured(f"{BY_KIND}: {pair!r} is not of the form kind:hours.")
        if kind not in hours:
            raise ImproperlyConfigured(
                f"{BY_KIND}: unknown kind {kind!r}; expected one of: {', '.join(Kind.values)}."
            )
        if kind in seen:
            raise ImproperlyConfigured(f"{BY_KIND}: the kind {kind!r} is given twice.")
        seen.add(kind)
        hours[kind] = _hours(f"{BY_KIND} ({kind})", value)
    return hours


def due_at(kind: str, learned_at: datetime) -> datetime:
    return learned_at + timedelta(hours=report_hours()[kind])
