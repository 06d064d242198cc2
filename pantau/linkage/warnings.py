"""What a person entering a child may learn about possible duplicates (the registration-time check).

An officer who reviews duplicates sees the other record side by side. Anyone else (an LKSA operator)
learns only that a likely duplicate exists and which Dinas Sosial to contact, unless the other record
is one they may see anyway (a child of their own home).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from pantau.accounts.access import children_visible_to, may_compare_records
from pantau.accounts.models import Organisation
from pantau.children.models import Child
from pantau.linkage import compare, registration
from pantau.linkage.keys import raw_record


@dataclass(frozen=True)
class DuplicateWarning:
    probability: int  # percent
    comparison: compare.Comparison | None = None  # side by side, for officers
    own_child: Child | None = None  # a record the person may open
    contact: Organisation | None = None  # where to ask, for everyone else
    child_id: int | None = None  # never shown to those who may not compare

    def as_api(self) -> dict[str, Any]:
        data: dict[str, Any] = {"probability": self.probability / 100}
        if self.comparison:
            data["child_id"] = self.child_id
            data["fields"] = [
                {"label": str(r.label), "new": r.left, "recorded": r.right, "agreement": r.agreement}
                for r in self.comparison.rows
            ]
        elif self.own_child:
            data["child_id"] = self.own_child.pk
        data["contact"] = self.contact.name if self.contact else None
        return data


def check(
    user: Any, child: Child, *, exclude: int | None = None
) -> tuple[list[registration.Match], list[DuplicateWarning]]:
    """Candidates for ``child`` (saved or not) and what ``user`` may be told about each."""
    matches = registration.find(raw_record(child), exclude=exclude)
    if not matches:
        return [], []
    officer = may_compare_records(user)
    own = set(
        children_visible_to(user).filter(pk__in=[m.child.pk for m in matches]).values_list("pk", flat=True)
    )
    warnings = []
    for match in matches:
        percent = round(match.score.match_probability * 100)
        contact = registration.dinas_sosial_for(match.child.region_code)
        if officer:
            warnings.append(
                DuplicateWarning(
                    percent, compare.compare(child, match.child), contact=contact, child_id=match.child.pk
                )
            )
        elif match.child.pk in own:
            warnings.append(DuplicateWarning(percent, own_child=match.child))
        else:
            warnings.append(DuplicateWarning(percent, contact=contact))
    return matches, warnings
