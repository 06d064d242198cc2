"""Early warnings: patterns behind which a child may have been sold or handed over as an "adoption"
(UU 35/2014 Pasal 76F). Each opens a concern for Dinas Sosial's triage, tells the office supervising
the home, and weighs on the home's place in the visit plan (supervision/risk.py counts them).

A warning names records by number only: concerns and notifications never carry a child's name.
"""

from __future__ import annotations

from collections.abc import Callable, Collection
from datetime import timedelta
from functools import wraps
from typing import Any, ParamSpec, TypeVar

from django.conf import settings
from django.db.models import Count, Q, QuerySet
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from pantau.accounts.models import User
from pantau.accounts.roles import Role
from pantau.accounts.selectors import supervising_offices
from pantau.cases.models import CaseSubject, Concern
from pantau.cases.services import concern_create
from pantau.children.models import Child, Placement
from pantau.familycare.models import CareFile, EarlyWarning
from pantau.notifications.services import members_of, notify
from pantau.registry.models import Lksa

P = ParamSpec("P")
R = TypeVar("R")


def _official_language(function: Callable[P, R]) -> Callable[P, R]:
    """Concern texts and notifications are stored: written in the official language (Bahasa Indonesia),
    not in the language of whoever happened to trigger them."""

    @wraps(function)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
        with translation.override(settings.LANGUAGE_CODE):
            return function(*args, **kwargs)

    return wrapper


INFANT_DAYS = 365  # admitted before the first birthday
QUICK_EXIT_DAYS = 90
TOLD_ROLES = (Role.SUPERVISOR, Role.CASE_WORKER)


def _raise(
    *,
    actor: User,
    code: str,
    home: Lksa,
    description: str,
    child: Child | None = None,
    file: CareFile | None = None,
    facts: dict[str, Any] | None = None,
) -> EarlyWarning | None:
    """One warning per (code, file or child): the same pattern seen again adds nothing new."""
    same = EarlyWarning.objects.filter(code=code, lksa=home)
    if (file is not None and same.filter(file=file).exists()) or (
        file is None and child is not None and same.filter(child=child).exists()
    ):
        return None
    concern = concern_create(
        source=Concern.Source.STAFF,
        concern=Concern(category=Concern.Category.ADOPTION, description=description),
        lksa=home,
        actor=actor,
        origin={"early_warning": 1},
    )
    warning = EarlyWarning.objects.create(
        code=code,
        lksa=home,
        region_code=home.region_code,
        child=child,
        file=file,
        concern=concern,
        facts=facts or {},
    )
    text = _("Early warning at %(home)s: %(what)s") % {"home": home.name, "what": warning.get_code_display()}
    url = reverse("cases:concern_detail", args=[concern.pk])
    for office in supervising_offices(home.region_code):
        notify(members_of(office, TOLD_ROLES), text, url)
    return warning


@_official_language
def for_exit(*, actor: User, placement: Placement) -> list[str]:
    """Warnings raised by a child leaving a home: an infant gone within 90 days of admission, and an
    adoption (or foster placement) from a home without the licence (registration) for it."""
    raised: list[str] = []
    if placement.kind == Placement.Kind.TRANSFER:
        return raised
    child = placement.child
    home = Lksa.objects.prefetch_related("adoption_licences", "registrations").get(pk=child.lksa_id)
    on = placement.started_on
    if (
        child.birth_date
        and (child.admitted_on - child.birth_date).days < INFANT_DAYS
        and (on - child.admitted_on).days <= QUICK_EXIT_DAYS
    ):
        description = _(
            "Child record #%(id)s was admitted on %(admitted)s before the age of one and left on %(left)s "
            "(%(kind)s), %(days)s days later. Check who took the child and on what papers."
        ) % {
            "id": child.pk,
            "admitted": date_format(child.admitted_on, "j M Y"),
            "left": date_format(on, "j M Y"),
            "kind": placement.get_kind_display(),
            "days": (on - child.admitted_on).days,
        }
        if _raise(
            actor=actor,
            code=EarlyWarning.Code.INFANT_QUICK_EXIT,
            home=home,
            child=child,
            description=description,
        ):
            raised.append(EarlyWarning.Code.INFANT_QUICK_EXIT)
    licensed = (
        any(lic.is_valid_on(on) for lic in home.adoption_licences.all())
        if placement.kind == Placement.Kind.ADOPTION
        else any(reg.is_valid_on(on) for reg in home.registrations.all())
        if placement.kind == Placement.Kind.FOSTER
        else True
    )
    if not licensed:
        description = _(
            "Child record #%(id)s left %(home)s on %(left)s for %(kind)s, but the home held no valid "
            "%(licence)s that day."
        ) % {
            "id": child.pk,
            "home": home.name,
            "left": date_format(on, "j M Y"),
            "kind": placement.get_kind_display().lower(),
            "licence": _("adoption licence from the Minister")
            if placement.kind == Placement.Kind.ADOPTION
            else _("Dinas Sosial registration"),
        }
        if _raise(
            actor=actor,
            code=EarlyWarning.Code.UNLICENSED_EXIT,
            home=home,
            child=child,
            description=description,
        ):
            raised.append(EarlyWarning.Code.UNLICENSED_EXIT)
    return raised


@_official_language
def unverified_exit(*, actor: User, placement: Placement) -> None:
    child = placement.child
    description = _(
        "%(home)s recorded that child record #%(id)s left on %(left)s for %(kind)s, with no completed file "
        "or court order on record. Check where the child is and on what papers."
    ) % {
        "home": child.lksa.name,
        "id": child.pk,
        "left": date_format(placement.started_on, "j M Y"),
        "kind": placement.get_kind_display().lower(),
    }
    _raise(
        actor=actor,
        code=EarlyWarning.Code.UNVERIFIED_EXIT,
        home=child.lksa,
        child=child,
        description=description,
        facts={"placement": placement.pk},
    )


def shared_contact_files(file: CareFile) -> tuple[int, int]:
    """How many other files share this file's intermediary phone, account or name, and how many case
    subjects carry the intermediary's name."""
    match = Q(pk__in=[])
    if file.intermediary_phone_digits:
        match |= Q(intermediary_phone_digits=file.intermediary_phone_digits)
    if file.intermediary_account_digits:
        match |= Q(intermediary_account_digits=file.intermediary_account_digits)
    name = file.intermediary_name.strip()
    if name:
        match |= Q(intermediary_name__iexact=name)
    files = CareFile.objects.filter(match).exclude(pk=file.pk).count() if match.children else 0
    cases = CaseSubject.objects.filter(name__iexact=name).values("case").distinct().count() if name else 0
    return files, cases


@_official_language
def for_file(*, actor: User, file: CareFile) -> list[str]:
    """Warnings raised by what a file records: money paid, an intermediary seen in other files or cases."""
    raised: list[str] = []
    if file.money_paid:
        description = _(
            "%(number)s records Rp%(amount)s paid to %(to)s. Handing a child over for payment is forbidden "
            "(UU 35/2014 Pasal 76F); check it."
        ) % {
            "number": file.number,
            "amount": f"{file.money_paid:,}".replace(",", "."),
            "to": file.money_paid_to,
        }
        if _raise(
            actor=actor, code=EarlyWarning.Code.MONEY_PAID, home=file.lksa, file=file, description=description
        ):
            raised.append(EarlyWarning.Code.MONEY_PAID)
    files, cases = shared_contact_files(file)
    if files or cases:
        description = _(
            "The intermediary of %(number)s (name, phone or bank account) also appears in %(files)s other "
            "family-care file(s) and %(cases)s protection case(s)."
        ) % {"number": file.number, "files": files, "cases": cases}
        facts = {"files": files, "cases": cases}
        if _raise(
            actor=actor,
            code=EarlyWarning.Code.SHARED_CONTACT,
            home=file.lksa,
            file=file,
            description=description,
            facts=facts,
        ):
            raised.append(EarlyWarning.Code.SHARED_CONTACT)
    return raised


def recent_for_home(
    home_ids: Collection[int] | QuerySet[Any, Any], *, since_days: int = 365
) -> dict[int, int]:
    """Early warnings per home over the last year (for the visit plan's risk points): one grouped
    query. ``home_ids`` may be a query of the homes' ids, read as a subquery (the plan of 10,000 homes
    passes no list of ids)."""
    since = timezone.now() - timedelta(days=since_days)
    rows = (
        EarlyWarning.objects.filter(lksa_id__in=home_ids, created_at__gte=since)
        .values("lksa_id")
        .annotate(n=Count("id"))
    )
    return {row["lksa_id"]: row["n"] for row in rows}
