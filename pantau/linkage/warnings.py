"""What a person entering a child may learn about possible duplicates (the registration-time check).

The check searches the whole country: that is its purpose. What it discloses depends on the child found:

* a child the person may see anyway (``children_visible_to``: their jurisdiction, an operator's own home)
  is shown as before: side by side for an officer who reviews duplicates, a link for an LKSA operator;
* any other child is found and scored as if no NIK had been typed (``registration.find``), and the
  person learns only that a possible duplicate exists, where (regency and province), a likelihood band,
  and which Dinas Sosial to contact (an officer also gets whom to call there). Never a name, date,
  parent, home, NIK digits or NIK agreement, so a guessed NIK is neither confirmed nor denied.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.utils.functional import Promise

from pantau.accounts.access import UserLike, may_compare_records
from pantau.accounts.models import Organisation, User
from pantau.children.models import Child
from pantau.children.selectors import children_visible_to
from pantau.linkage import compare, registration
from pantau.linkage.disclosure import Places, band, band_label, contact_api
from pantau.linkage.keys import raw_record


@dataclass(frozen=True)
class DuplicateWarning:
    probability: int  # percent; for a child out of scope, computed without the typed NIK
    likelihood: str  # band (disclosure.BANDS)
    comparison: compare.Comparison | None = None  # side by side, for officers, children in scope
    own_child: Child | None = None  # a record the person may open
    contact: Organisation | None = None  # where to ask
    region: str = ""  # where the other child is (out of scope only)
    contacts: tuple[User, ...] = ()  # whom to call there (officers only)
    child_id: int | None = None  # only for children the person may see

    @property
    def in_scope(self) -> bool:
        return self.child_id is not None

    @property
    def likelihood_label(self) -> Promise:
        return band_label(self.likelihood)

    def as_api(self) -> dict[str, Any]:
        """The same keys for every candidate; a child out of scope gets no id, no probability and no
        fields, whatever was typed."""
        return {
            "child_id": self.child_id,
            "probability": self.probability / 100 if self.in_scope else None,
            "percent": self.probability if self.in_scope else None,
            "likelihood": self.likelihood,
            "region": self.region or None,
            "contact": self.contact.name if self.contact else None,
            "contacts": [contact_api(u) for u in self.contacts],
            "fields": [
                {"label": str(r.label), "new": r.left, "recorded": r.right, "agreement": r.agreement}
                for r in self.comparison.rows
            ]
            if self.comparison
            else [],
        }


def check(
    user: UserLike, child: Child, *, exclude: int | None = None
) -> tuple[list[registration.Match], list[DuplicateWarning]]:
    """Candidates for ``child`` (saved or not) and what ``user`` may be told about each."""
    matches = registration.find(raw_record(child), exclude=exclude, scope=children_visible_to(user))
    if not matches:
        return [], []
    officer = may_compare_records(user)
    places = Places(user)
    places.load([match.child.region_code for match in matches])
    warnings = []
    for match in matches:
        percent = round(match.score.match_probability * 100)
        likelihood = band(match.score.match_probability)
        office = places.office(match.child.region_code)
        if match.blind:
            warnings.append(
                DuplicateWarning(
                    percent,
                    likelihood,
                    contact=office,
                    region=places.region(match.child.region_code),
                    contacts=tuple(places.contacts(office)),
                )
            )
        elif officer:
            comparison = compare.compare(child, match.child)
            warnings.append(
                DuplicateWarning(percent, likelihood, comparison, contact=office, child_id=match.child.pk)
            )
        else:
            warnings.append(
                DuplicateWarning(
                    percent, likelihood, own_child=match.child, contact=office, child_id=match.child.pk
                )
            )
    return matches, warnings
