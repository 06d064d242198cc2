"""People across cases: the persons alleged in a case found again in other cases (any agency) and among
the registry's LKSA staff and board members. A board member of one home who is a suspect in a case
elsewhere is what an investigator needs to see.

Strength of a link, strongest first:

* ``nik``: the same NIK (the keyed hashes agree: lib/persons.py; no clear NIK is compared);
* ``name_birth``: the same name key (lib/names.py) and the same date of birth;
* ``name``: the same name key only: weaker, labelled as such. A name match is dropped when both sides
  record a NIK, or both a date of birth, and they differ: the records then say it is someone else.

Shown to holders of Perm.PERSON_LINKS only (``may_see_person_links``), each showing audited. Another case
is named by its number and lead agency only, unless the reader may open it (``cases_visible_to``). One
query per source (the case's persons, other cases' persons, the staff), whatever the number of persons.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from pantau.accounts.access import may_see_person_links
from pantau.accounts.models import User
from pantau.audit.services import audit_record
from pantau.cases.models import Case, CaseSubject
from pantau.cases.selectors import cases_visible_to
from pantau.registry.models import StaffMember

STRENGTHS = {
    "nik": _("same NIK"),
    "name_birth": _("same name and date of birth"),
    "name": _("same name only (weaker: check before relying on it)"),
}
ORDER = {"nik": 0, "name_birth": 1, "name": 2}


def strength(a: Any, b: Any) -> str:
    """How strongly two records (with nik_hash, name_key, birth_date) point to one person ("" = not)."""
    if a.nik_hash and a.nik_hash == b.nik_hash:
        return "nik"
    if not a.name_key or a.name_key != b.name_key:
        return ""
    if a.nik_hash and b.nik_hash:
        return ""  # two different NIKs: two people who share a name
    if a.birth_date and b.birth_date:
        return "name_birth" if a.birth_date == b.birth_date else ""
    return "name"


@dataclass
class CaseLink:
    strength: str
    case: Case
    relation: str
    can_open: bool

    @property
    def strength_label(self) -> str:
        return str(STRENGTHS[self.strength])


@dataclass
class StaffLink:
    strength: str
    staff: StaffMember

    @property
    def strength_label(self) -> str:
        return str(STRENGTHS[self.strength])


@dataclass
class PersonLinks:
    subject: CaseSubject
    cases: list[CaseLink] = field(default_factory=list)
    staff: list[StaffLink] = field(default_factory=list)


def _candidates(subjects: list[CaseSubject]) -> Q | None:
    hashes = {s.nik_hash for s in subjects if s.nik_hash}
    keys = {s.name_key for s in subjects if s.name_key}
    if not hashes and not keys:
        return None
    return Q(nik_hash__in=hashes) | Q(name_key__in=keys)


def person_links(user: User, case: Case) -> list[PersonLinks]:
    """Each alleged person of ``case`` with the other cases and the staff records that may be them,
    strongest first. Empty for a reader without Perm.PERSON_LINKS (and then nothing is audited)."""
    if not may_see_person_links(user):
        return []
    subjects = list(case.subjects.all())
    where = _candidates(subjects)
    results = [PersonLinks(s) for s in subjects]
    if where is not None:
        others = list(
            CaseSubject.objects.filter(where)
            .exclude(case=case)
            .select_related("case", "case__owner")
            .order_by("case__opened_at", "pk")
        )
        staff = list(StaffMember.objects.filter(where).select_related("lksa").order_by("full_name", "pk"))
        case_ids = {o.case_id for o in others}
        visible = (
            set(cases_visible_to(user).filter(pk__in=case_ids).values_list("pk", flat=True))
            if case_ids
            else set()
        )
        for result in results:
            subject = result.subject
            for other in others:
                if grade := strength(subject, other):
                    result.cases.append(
                        CaseLink(grade, other.case, other.get_relation_display(), other.case_id in visible)
                    )
            for member in staff:
                if grade := strength(subject, member):
                    result.staff.append(StaffLink(grade, member))
            result.cases.sort(key=lambda link: ORDER[link.strength])
            result.staff.sort(key=lambda link: ORDER[link.strength])
    audit_record(
        action="case.person_links_viewed",
        actor=user,
        target=case,
        target_region=case.region_code,
        # Counts only: the names and the other cases stay out of the trail.
        changes={
            "persons": [None, len(results)],
            "case_links": [None, sum(len(r.cases) for r in results)],
            "staff_links": [None, sum(len(r.staff) for r in results)],
        },
    )
    return results
