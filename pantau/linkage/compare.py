"""Two children's records side by side, each field marked as agreeing, near, differing or missing."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.formats import date_format
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from pantau.children.models import Child
from pantau.linkage import engine
from pantau.linkage import model as m
from pantau.linkage.keys import raw_record
from pantau.linkage.registration import RecordedScoring


@dataclass(frozen=True)
class Row:
    label: Promise | str
    left: str
    right: str
    agreement: str  # same / near / differs / missing / "" (shown, not compared)


@dataclass(frozen=True)
class Comparison:
    score: m.Score
    rows: tuple[Row, ...]

    @property
    def percent(self) -> int:
        return round(self.score.match_probability * 100)


def masked_nik(nik: str) -> str:
    """Enough to see whether two NIKs differ at the end, not enough to rebuild one: the middle digits
    are the birth date, shown beside it, so the region code is hidden too."""
    return f"············{nik[-4:]}" if len(nik) >= 8 else ("····" if nik else "")


def _date(child: Child) -> str:
    return date_format(child.birth_date, "j M Y") if child.birth_date else ""


def compare(a: Child, b: Child) -> Comparison:
    raw_a, raw_b = raw_record(a), raw_record(b)
    left, right = engine.keys(raw_a), engine.keys(raw_b)
    score = RecordedScoring([(left, right)]).score(left, right)
    agreement = {f.column: f.agreement for f in score.fields}
    rows = (
        Row(_("Name"), a.full_name, b.full_name, agreement["name"]),
        Row(_("Sex"), a.get_sex_display(), b.get_sex_display(), agreement["sex"]),
        Row(_("Date of birth"), _date(a), _date(b), agreement["dob"]),
        Row(_("Place of birth"), a.birth_place, b.birth_place, agreement["place"]),
        Row("NIK", masked_nik(raw_a.nik), masked_nik(raw_b.nik), agreement["nik"]),
        Row(_("Mother's name"), a.mother_name, b.mother_name, agreement["mother"]),
        Row(_("Father's name"), a.father_name, b.father_name, agreement["father"]),
        Row(_("Other names"), a.aliases, b.aliases, ""),
        # Not compared: the same home is no evidence either way (twins live together, a child moves).
        Row(_("Home (LKSA)"), _home(a), _home(b), ""),
        Row(
            _("Admitted on"),
            date_format(a.admitted_on, "j M Y") if a.admitted_on else "",
            date_format(b.admitted_on, "j M Y") if b.admitted_on else "",
            "",
        ),
        Row(_("Status"), a.get_status_display() if a.pk else "", b.get_status_display(), ""),
    )
    return Comparison(score, rows)


def _home(child: Child) -> str:
    return child.lksa.name if child.lksa_id else ""
