"""What each source record says: the identifiers in it, with the role they play there.

One reader per source, each taking the ids to read (None: all of them) and yielding ``Draft`` rows; the
indexer writes them. Each reads its table once with ``values()`` (no model instances: the national
rebuild reads a million posts).

Deliberately not indexed: children (never), a concern's reporter and its free description (a reporter
often writes their own number there; only the "name, account or link mentioned" is indexed), the
children's channel, and former staff (the signals are about who is with children now).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, replace
from datetime import date, datetime
from typing import Any

from django.db.models import Q
from django.utils import timezone

from pantau.cases.models import CaseSubject, Concern
from pantau.cases.models.evidence import CaseEvidence, PlatformRequest
from pantau.familycare.models import CareFile, Family
from pantau.lib.names import name_key as person_name_key
from pantau.monitoring.models import MonitoredAccount, Post, Tier
from pantau.monitoring.screening.entities import extract
from pantau.network import keys
from pantau.network.keys import Key
from pantau.network.models import Role, Source
from pantau.registry.models import BankAccount, Lksa, SocialAccount, StaffMember
from pantau.staffing.models import Bar

CHUNK = 20_000


@dataclass
class Draft:
    key: Key
    source: str
    source_id: int
    role: str
    lksa_id: int | None
    region_code: str
    case_id: int | None = None
    holder_kind: str = ""
    display: str = ""
    detail: str = ""
    count: int = 1
    flagged: int = 0
    first_seen: date | None = None
    last_seen: date | None = None
    cite_id: int | None = None
    person_nik_hash: str = ""


def _day(moment: datetime | date | None) -> date | None:
    if isinstance(moment, datetime):
        return timezone.localdate(moment) if timezone.is_aware(moment) else moment.date()
    return moment


def _only(ids: Iterable[int] | None, field: str = "pk") -> Q:
    return Q() if ids is None else Q(**{f"{field}__in": list(ids)})


def homes(ids: Iterable[int] | None = None) -> Iterator[Draft]:
    rows = Lksa.objects.filter(_only(ids)).exclude(phone="").values_list("pk", "region_code", "phone")
    for pk, region, raw in rows.iterator(chunk_size=CHUNK):
        if key := keys.phone(raw):
            yield Draft(key, Source.HOME, pk, Role.CONTACT, pk, region)


def bank_accounts(ids: Iterable[int] | None = None) -> Iterator[Draft]:
    rows = BankAccount.objects.filter(_only(ids)).values_list(
        "pk", "lksa_id", "lksa__region_code", "bank", "number", "holder_name", "holder_kind"
    )
    for pk, home, region, bank, number, holder, holder_kind in rows.iterator(chunk_size=CHUNK):
        if key := keys.bank(bank, number):
            kind = "person" if holder_kind == BankAccount.Holder.PERSON else "organisation"
            yield Draft(
                key, Source.BANK_ACCOUNT, pk, Role.COLLECTS, home, region, holder_kind=kind, display=holder
            )


def social_accounts(ids: Iterable[int] | None = None) -> Iterator[Draft]:
    rows = SocialAccount.objects.filter(_only(ids)).values_list(
        "pk", "lksa_id", "lksa__region_code", "platform", "handle"
    )
    platforms = dict(SocialAccount.Platform.choices)
    for pk, home, region, platform, handle in rows.iterator(chunk_size=CHUNK):
        if key := keys.handle(handle):
            detail = str(platforms.get(platform, platform))
            yield Draft(key, Source.SOCIAL_ACCOUNT, pk, Role.OWN_HANDLE, home, region, detail=detail)


def _person_drafts(
    base: Draft, *, name: str, name_key: str, birth: date | None, nik_hash: str
) -> Iterator[Draft]:
    for key in keys.persons(name=name, name_key=name_key, birth_date=birth, nik_hash=nik_hash):
        yield replace(base, key=key, display=name, person_nik_hash=nik_hash)


def staff(ids: Iterable[int] | None = None) -> Iterator[Draft]:
    rows = StaffMember.objects.filter(_only(ids), is_active=True).values_list(
        "pk",
        "lksa_id",
        "lksa__region_code",
        "full_name",
        "name_key",
        "birth_date",
        "nik_hash",
        "position",
        "is_board",
    )
    placeholder = keys.Key("person", "", "")
    for pk, home, region, name, name_key, birth, nik_hash, position, board in rows.iterator(chunk_size=CHUNK):
        role = Role.BOARD if board else Role.STAFF
        base = Draft(placeholder, Source.STAFF, pk, role, home, region, detail=position)
        yield from _person_drafts(base, name=name, name_key=name_key, birth=birth, nik_hash=nik_hash)


def monitored_accounts(ids: Iterable[int] | None = None) -> Iterator[Draft]:
    rows = MonitoredAccount.objects.filter(_only(ids)).values_list(
        "pk", "lksa_id", "region_code", "platform", "handle", "created_at"
    )
    platforms = dict(MonitoredAccount._meta.get_field("platform").choices or [])
    for pk, home, region, platform, handle, created in rows.iterator(chunk_size=CHUNK):
        if key := keys.handle(handle):
            day = _day(created)
            detail = str(platforms.get(platform, platform))
            yield Draft(
                key,
                Source.MONITORED_ACCOUNT,
                pk,
                Role.OWN_HANDLE,
                home,
                region,
                detail=detail,
                first_seen=day,
                last_seen=day,
            )


def asks_for_money(entities: dict[str, Any]) -> bool:
    """An appeal: the post gives somewhere to send money (an account, an e-wallet, a QRIS code, a
    fundraising page). A number in a post that asks for nothing is a contact, not an appeal's."""
    return any(entities.get(kind) for kind in ("bank_accounts", "wallets", "qris", "links"))


def post_keys(entities: dict[str, Any], own_handle: str) -> Iterator[tuple[Key, str, str, str]]:
    """(key, role, holder kind, as written) for each identifier the screener found in a post."""
    contact = Role.APPEAL_CONTACT if asks_for_money(entities) else Role.CONTACT
    for raw in entities.get("phones", []):
        if key := keys.phone(raw):
            yield key, contact, "", ""
    for account in entities.get("bank_accounts", []):
        if key := keys.bank(account.get("bank", ""), account.get("number", "")):
            kind = "person" if account.get("holder_kind") == "person" else account.get("holder_kind", "")
            yield key, Role.COLLECTS, kind, account.get("holder", "")
    for wallet in entities.get("wallets", []):
        if key := keys.phone(wallet.get("number", "")):
            yield key, Role.WALLET, "", wallet.get("wallet", "")
    for code in entities.get("qris", []):
        if key := keys.qris(code.get("nmid", "")):
            yield key, Role.QRIS, "", code.get("merchant", "")
    for handle in entities.get("handles", []):
        if handle != own_handle and (key := keys.handle(handle)):
            yield key, Role.MENTIONED, "", ""


def posts(account_ids: Iterable[int] | None = None) -> Iterator[Draft]:
    """The identifiers of an account's posts, summed per account: a row per identifier and role."""
    accounts = {
        pk: (home, region, handle)
        for pk, home, region, handle in MonitoredAccount.objects.filter(_only(account_ids)).values_list(
            "pk", "lksa_id", "region_code", "handle_normalised"
        )
    }
    rows = (
        Post.objects.filter(_only(account_ids, "account_id"))
        .exclude(entities={})
        .order_by("account_id")
        .values_list("pk", "account_id", "entities", "posted_at", "captured_at", "tier", "decision")
    )
    flag_tiers = {Tier.TINJAU, Tier.RUJUK}
    current: int | None = None
    found: dict[tuple[str, str, str], Draft] = {}
    cited: dict[tuple[str, str, str], tuple[int, int]] = {}  # (flagged, post id) of the post cited
    for pk, account, entities, posted, captured, tier, decision in rows.iterator(chunk_size=CHUNK):
        if account != current:
            yield from found.values()
            current, found, cited = account, {}, {}
        home, region, own = accounts[account]
        day = _day(posted or captured)
        flagged = int(tier in flag_tiers and decision != Post.Decision.NO_ACTION)
        for key, role, holder_kind, written in post_keys(entities or {}, own):
            slot = (key.kind, key.key, role)
            draft = found.get(slot)
            if draft is None:
                cited[slot] = (flagged, pk)
                found[slot] = Draft(
                    key,
                    Source.POSTS,
                    account,
                    role,
                    home,
                    region,
                    holder_kind=holder_kind,
                    display=written,
                    count=1,
                    flagged=flagged,
                    first_seen=day,
                    last_seen=day,
                    cite_id=pk,
                )
                continue
            draft.count += 1
            draft.flagged += flagged
            if day and (draft.first_seen is None or day < draft.first_seen):
                draft.first_seen = day
            if day and (draft.last_seen is None or day >= draft.last_seen):
                draft.last_seen = day
                draft.display = written or draft.display
                draft.holder_kind = holder_kind or draft.holder_kind
            # Cite the latest flagged post, or the latest one when none is flagged.
            if (flagged, pk) > cited[slot]:
                cited[slot] = (flagged, pk)
                draft.cite_id = pk
    yield from found.values()


def concerns(ids: Iterable[int] | None = None) -> Iterator[Draft]:
    rows = (
        Concern.objects.filter(_only(ids))
        .exclude(subject_text="")
        .exclude(source=Concern.Source.CHILD)
        .values_list("pk", "lksa_id", "region_code", "subject_text", "created_at")
    )
    for pk, home, region, text, created in rows.iterator(chunk_size=CHUNK):
        found = extract(text)
        day = _day(created)
        base = dict(
            source=Source.CONCERN,
            source_id=pk,
            role=Role.REPORTED,
            lksa_id=home,
            region_code=region,
            first_seen=day,
            last_seen=day,
        )
        for key, _role, holder_kind, written in post_keys(found.as_dict(), ""):
            yield Draft(key, **base, holder_kind=holder_kind, display=written)  # type: ignore[arg-type]
        for word in text.split():
            if "/" in word and (link := keys.handle(word)):  # a profile link: "tiktok.com/@panti.kasih"
                yield Draft(link, **base)  # type: ignore[arg-type]


def case_subjects(ids: Iterable[int] | None = None) -> Iterator[Draft]:
    relations = dict(CaseSubject.Relation.choices)
    rows = CaseSubject.objects.filter(_only(ids)).values_list(
        "pk",
        "case_id",
        "case__lksa_id",
        "case__region_code",
        "case__opened_at",
        "name",
        "name_key",
        "birth_date",
        "nik_hash",
        "relation",
    )
    placeholder = keys.Key("person", "", "")
    for pk, case, home, region, opened, name, name_key, birth, nik_hash, relation in rows.iterator(
        chunk_size=CHUNK
    ):
        day = _day(opened)
        base = Draft(
            placeholder,
            Source.CASE_SUBJECT,
            pk,
            Role.ALLEGED,
            home,
            region,
            case_id=case,
            detail=str(relations.get(relation, relation)),
            first_seen=day,
            last_seen=day,
        )
        yield from _person_drafts(base, name=name, name_key=name_key, birth=birth, nik_hash=nik_hash)


def platform_requests(ids: Iterable[int] | None = None) -> Iterator[Draft]:
    rows = PlatformRequest.objects.filter(_only(ids)).values_list(
        "pk", "case_id", "case__lksa_id", "case__region_code", "target", "platform", "sent_on"
    )
    for pk, case, home, region, target, platform, sent in rows.iterator(chunk_size=CHUNK):
        if key := keys.handle(target.split("?")[0]):
            yield Draft(
                key,
                Source.PLATFORM_REQUEST,
                pk,
                Role.PLATFORM_TARGET,
                home,
                region,
                case_id=case,
                detail=platform,
                first_seen=sent,
                last_seen=sent,
            )


def case_evidence(ids: Iterable[int] | None = None) -> Iterator[Draft]:
    """What an evidence item's description says it shows ("transfer to BCA 701..., @panti.kasih"): its
    file's SHA-256 is what the referral packet cites."""
    rows = (
        CaseEvidence.objects.filter(_only(ids))
        .exclude(description="")
        .values_list("pk", "case_id", "case__lksa_id", "case__region_code", "description", "uploaded_at")
    )
    for pk, case, home, region, text, uploaded in rows.iterator(chunk_size=CHUNK):
        day = _day(uploaded)
        for key, _role, holder_kind, written in post_keys(extract(text).as_dict(), ""):
            yield Draft(
                key,
                Source.CASE_EVIDENCE,
                pk,
                Role.IN_EVIDENCE,
                home,
                region,
                case_id=case,
                holder_kind=holder_kind,
                display=written,
                first_seen=day,
                last_seen=day,
            )


def care_files(ids: Iterable[int] | None = None) -> Iterator[Draft]:
    rows = (
        CareFile.objects.filter(_only(ids))
        .filter(~Q(intermediary_phone="") | ~Q(intermediary_account=""))
        .values_list(
            "pk",
            "lksa_id",
            "region_code",
            "intermediary_name",
            "intermediary_phone",
            "intermediary_account",
            "opened_on",
        )
    )
    for pk, home, region, name, phone, account, opened in rows.iterator(chunk_size=CHUNK):
        base = Draft(
            keys.Key("phone", "", ""),
            Source.CARE_FILE,
            pk,
            Role.INTERMEDIARY,
            home,
            region,
            display=name,
            first_seen=opened,
            last_seen=opened,
        )
        if key := keys.phone(phone):
            yield replace(base, key=key)
        if account and (key := keys.bank(account, account)):
            yield replace(base, key=key)


def families(ids: Iterable[int] | None = None) -> Iterator[Draft]:
    rows = Family.objects.filter(_only(ids)).values_list(
        "pk",
        "region_code",
        "phone",
        "applicant_name",
        "applicant_birth_date",
        "spouse_name",
        "spouse_birth_date",
        "created_at",
    )
    for pk, region, phone, name, birth, spouse, spouse_birth, created in rows.iterator(chunk_size=CHUNK):
        day = _day(created)
        base = Draft(
            keys.Key("phone", "", ""),
            Source.FAMILY,
            pk,
            Role.APPLICANT,
            None,
            region,
            first_seen=day,
            last_seen=day,
        )
        if key := keys.phone(phone):
            yield replace(base, key=key)
        for person, born in ((name, birth), (spouse, spouse_birth)):
            if person:
                yield from _person_drafts(
                    base, name=person, name_key=person_name_key(person)[:150], birth=born, nik_hash=""
                )


def bars(ids: Iterable[int] | None = None) -> Iterator[Draft]:
    rows = Bar.objects.filter(_only(ids)).values_list(
        "pk",
        "origin_id",
        "region_code",
        "full_name",
        "name_key",
        "birth_date",
        "nik_hash",
        "from_on",
        "until_on",
    )
    placeholder = keys.Key("person", "", "")
    for pk, origin, region, name, name_key, birth, nik_hash, start, until in rows.iterator(chunk_size=CHUNK):
        base = Draft(
            placeholder,
            Source.BAR,
            pk,
            Role.BARRED,
            origin,
            region,
            first_seen=start,
            last_seen=until or start,
        )
        yield from _person_drafts(base, name=name, name_key=name_key, birth=birth, nik_hash=nik_hash)


READERS = {
    Source.HOME: homes,
    Source.BANK_ACCOUNT: bank_accounts,
    Source.SOCIAL_ACCOUNT: social_accounts,
    Source.STAFF: staff,
    Source.MONITORED_ACCOUNT: monitored_accounts,
    Source.POSTS: posts,
    Source.CONCERN: concerns,
    Source.CASE_SUBJECT: case_subjects,
    Source.PLATFORM_REQUEST: platform_requests,
    Source.CASE_EVIDENCE: case_evidence,
    Source.CARE_FILE: care_files,
    Source.FAMILY: families,
    Source.BAR: bars,
}
