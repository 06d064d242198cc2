"""Registering accounts, capturing and importing posts (each screened as it is stored), and the
reviewer's decision. The score orders the queue; only a person's decision leads to any action."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction
from django.db.models import F, QuerySet
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from pantau.accounts.access import Perm, may_monitor_in, police_referral_recipients, require
from pantau.accounts.models import User
from pantau.accounts.roles import Role
from pantau.audit.services import audit_record
from pantau.cases.models import Concern
from pantau.cases.services import concern_create
from pantau.lib.normalise import normalise_handle
from pantau.lib.uploads import validate_document
from pantau.monitoring import crosscheck, files
from pantau.monitoring.models import TIER_RANK, KeptPostCheck, MonitoredAccount, Post, PostIdentifier, Tier
from pantau.monitoring.screening.entities import Entities
from pantau.monitoring.screening.indicators import describe
from pantau.monitoring.screening.model import load
from pantau.monitoring.screening.screener import Fired, PostInput, screen
from pantau.notifications.services import notify
from pantau.regions.models import Region
from pantau.registry.models import Lksa, SocialAccount
from pantau.registry.services import lksa_donations_observed

# The concern category a decision opens, by the family of the strongest reason.
CONCERN_CATEGORY = {
    "live_gift": Concern.Category.LIVESTREAM,
    "donation_child": Concern.Category.LIVESTREAM,
    "pity": Concern.Category.LIVESTREAM,
    "fundraising_gap": Concern.Category.FUNDRAISING,
    "tourism_work": Concern.Category.WORK,
    "recruitment": Concern.Category.WORK,
    "baby_sale": Concern.Category.ADOPTION,
    "sexual": Concern.Category.ABUSE,
}
LETTER_DECISIONS = (Post.Decision.EDUCATION_LETTER, Post.Decision.REQUEST_PERMIT)
CONCERN_DECISIONS = (Post.Decision.OPEN_CONCERN, Post.Decision.REFER_POLICE)
MAX_IMPORT_LINES = 20_000
MAX_HANDLE = 200
# What the home's operators are told (in Pantau's notifications) when the reviewer chose a letter.
LETTERS = {
    Post.Decision.EDUCATION_LETTER: gettext_lazy(
        "Dinas Sosial reminds you: children may not be shown in fundraising or live streams, and their "
        "identity must be protected (UU 35/2014, SE Mensos 2/2023)."
    ),
    Post.Decision.REQUEST_PERMIT: gettext_lazy(
        "Please send the public fundraising (PUB) permit and the bank account it covers (Permensos 8/2021)."
    ),
}


# Refusals name no office: which office watches an account outside one's jurisdiction is not for the
# caller to learn. That a handle belongs to a registered home is public (the public check says so).
OUTSIDE_HOME = gettext_lazy(
    "This handle belongs to a registered home outside your jurisdiction: the office responsible for "
    "that home monitors it."
)
OUTSIDE_SCOPE = gettext_lazy("This home is outside your jurisdiction.")
ELSEWHERE = gettext_lazy("This account is already monitored by another office.")


def _registered_home(platform: str, handle: str) -> Lksa | None:
    """The home whose own social-media account this is, per the registry."""
    known = (
        SocialAccount.objects.filter(platform=platform, handle_normalised=handle)
        .select_related("lksa")
        .order_by("pk")
        .first()
    )
    return known.lksa if known else None


def _account_placement(actor: User, account: MonitoredAccount) -> None:
    """Link ``account`` (unsaved) to its home and region, or raise ValidationError when it cannot be
    monitored by ``actor``: a home outside their jurisdiction (given, or found in the registry's list of
    the homes' own social-media accounts), or the account already monitored. Refusals are audited by
    the access check; nothing is written otherwise."""
    handle = normalise_handle(account.handle)
    label = f"{account.platform} @{handle}"[:200]
    registered = _registered_home(account.platform, handle)
    if registered is not None and not may_monitor_in(actor, registered.region_code, target_label=label):
        raise ValidationError({"handle": [str(OUTSIDE_HOME)]})
    if account.lksa is None:
        account.lksa = registered
    region = account.lksa.region_code if account.lksa else (actor.office.region_id or "")
    if not may_monitor_in(actor, region, target_label=label):
        raise ValidationError({"lksa": [str(OUTSIDE_SCOPE)]})
    existing = MonitoredAccount.objects.filter(platform=account.platform, handle_normalised=handle).first()
    if existing is not None:
        if not may_monitor_in(actor, existing.region_code, target_label=label):
            raise ValidationError({"handle": [str(ELSEWHERE)]})
        place = Region.objects.filter(pk=existing.region_code).values_list("name", flat=True).first()
        raise ValidationError(
            {
                "handle": [
                    _("This account is already monitored, in the queue of %(region)s.")
                    % {"region": place or _("the whole nation")}
                ]
            }
        )
    account.region_code = region


def _account_save(actor: User, account: MonitoredAccount) -> MonitoredAccount:
    account.added_by = actor
    try:
        with transaction.atomic():
            account.save()
    except IntegrityError:  # registered by someone else a moment ago
        raise ValidationError({"handle": [str(ELSEWHERE)]}) from None
    audit_record(
        action="monitoring.account_registered",
        actor=actor,
        target=account,
        target_region=account.region_code,
    )
    return account


def account_register(*, actor: User, account: MonitoredAccount) -> MonitoredAccount:
    """Monitor an account, in the actor's jurisdiction only. Without a home given, the registry's list
    of the homes' own social-media accounts says which home it speaks for; a home outside the actor's
    jurisdiction, or an account already monitored, is refused (ValidationError) without saying which
    office watches it."""
    _account_placement(actor, account)
    with transaction.atomic():
        return _account_save(actor, account)


def _input(post: Post) -> PostInput:
    return PostInput(
        id=str(post.pk or post.external_id),
        text=post.text,
        platform=post.account.platform,
        account=post.account.handle,
        posted_at=timezone.localtime(post.posted_at) if post.posted_at else None,
        is_live=post.is_live,
        gift_count=post.gift_count,
        url=post.url,
    )


def _screen(post: Post) -> list[tuple[str, str]]:
    """Screen the post (with the registry cross-check) into its fields; returns its identifiers."""
    checks: list[crosscheck.CrossCheck] = []

    def registry(found: Entities) -> list[Fired]:
        checks.append(crosscheck.run(found.as_dict(), post.account, exclude=post.pk))
        return checks[0].facts

    result = screen(_input(post), model=load(), crosscheck=registry)
    entities = result.entities.as_dict()
    check = checks[0]
    post.score, post.tier = result.score, result.tier
    post.tier_rank = TIER_RANK[Tier(result.tier)]
    post.reasons = [r.as_dict() for r in result.indicators]
    post.entities = {
        **entities,
        "crosscheck": check.as_dict(),
        "model_terms": result.model_terms,
        "model_probability": round(result.model_probability, 4),
        "notes": result.notes,
    }
    post.screening_version = result.version
    return [(kind, value) for kind, _, value in crosscheck.identifiers_of(entities, post.account)]


def _store_identifiers(post: Post, found: list[tuple[str, str]]) -> None:
    PostIdentifier.objects.bulk_create(
        [PostIdentifier(post=post, kind=kind, digest=value) for kind, value in found], ignore_conflicts=True
    )


def post_capture(*, actor: User, post: Post, screenshot: UploadedFile | None = None) -> Post:
    """Store one captured post, screened. ``post.account`` and ``post.source`` are set by the caller."""
    if screenshot is not None:
        validate_document(screenshot)
        post.screenshot = screenshot
    post.region_code = post.account.region_code
    post.captured_by = actor
    post.full_clean(exclude=["screenshot", "reasons", "entities"])  # filled by screening
    with transaction.atomic():
        found = _screen(post)
        post.save()
        _store_identifiers(post, found)
        audit_record(
            action="monitoring.post_captured",
            actor=actor,
            target=post,
            target_region=post.region_code,
            changes={"tier": [None, post.tier]},
        )
    return post


@dataclass
class ImportReport:
    created: int = 0
    duplicates: int = 0
    flagged: int = 0
    problems: list[files.Problem] = field(default_factory=list)
    warnings: list[files.Problem] = field(default_factory=list)
    accounts_created: int = 0


def _line_account(
    actor: User,
    line: files.Line,
    default: MonitoredAccount | None,
    allowed: set[int],
    refused: dict[tuple[str, str], str],
) -> MonitoredAccount:
    """The account a line's post goes to: an existing one in the importer's jurisdiction, or a new one
    (unsaved) placed by the same rules as a form. Runs outside the line's savepoint so that a refusal's
    audit entry stays; each refused handle is checked (and audited) once per file."""
    handle = normalise_handle(line.post.account)
    if not handle:
        if default is None:
            raise ValidationError(_("no account: give an account column or choose one above"))
        if default.pk not in allowed:
            raise ValidationError(_("the account is outside your jurisdiction"))
        return default
    if len(handle) > MAX_HANDLE:
        raise ValidationError(_("the account handle is longer than %(max)d characters") % {"max": MAX_HANDLE})
    platform = line.post.platform or (default.platform if default else "other")
    if (platform, handle) in refused:
        raise ValidationError(refused[(platform, handle)])
    account = MonitoredAccount.objects.filter(platform=platform, handle_normalised=handle).first()
    try:
        if account is None:
            account = MonitoredAccount(platform=platform, handle=handle)
            _account_placement(actor, account)
        elif account.pk not in allowed and not may_monitor_in(
            actor, account.region_code, target_label=str(account)
        ):
            raise ValidationError(_("the account is outside your jurisdiction"))
    except ValidationError as error:
        refused[(platform, handle)] = " ".join(error.messages)
        raise ValidationError(refused[(platform, handle)]) from None
    return account


def _import_line(actor: User, line: files.Line, account: MonitoredAccount, report: ImportReport) -> None:
    """Store and screen one line (registering its account when new), or raise ValidationError saying
    why it cannot be imported."""
    if account.pk is None:
        _account_save(actor, account)
        report.accounts_created += 1
    if Post.objects.filter(account=account, external_id=line.post.id).exists():
        report.duplicates += 1
        return
    post = Post(
        account=account,
        external_id=line.post.id,
        text=line.post.text,
        posted_at=line.post.posted_at,
        is_live=line.post.is_live,
        gift_count=line.post.gift_count,
        earnings_idr=line.earnings_idr,
        url=line.post.url,
        source=Post.Source.IMPORT,
        region_code=account.region_code,
        captured_by=actor,
    )
    post.full_clean(exclude=["screenshot", "reasons", "entities"])  # ids, links, number ranges
    found = _screen(post)
    post.save()
    _store_identifiers(post, found)
    report.created += 1
    report.flagged += post.flagged


def _messages(error: ValidationError) -> str:
    """One line's problems, each after the label of its field ("address (URL): Enter a valid URL.")."""
    if not hasattr(error, "error_dict"):
        return " ".join(error.messages)
    labels = {f.name: str(f.verbose_name) for f in Post._meta.concrete_fields}
    return "; ".join(
        f"{labels.get(field, field)}: {' '.join(texts)}" for field, texts in error.message_dict.items()
    )


def posts_import(
    *,
    actor: User,
    name: str,
    data: str,
    default_account: MonitoredAccount | None,
    visible: QuerySet[MonitoredAccount],
) -> ImportReport:
    """Import a JSONL/CSV export: every usable line is stored and screened; a bad line is reported by
    number and leaves nothing behind. A line naming an account outside the importer's jurisdiction is
    refused, not moved."""
    report = ImportReport()
    lines = list(files.read(name, data))
    if len(lines) > MAX_IMPORT_LINES:
        raise ValidationError(
            _("A file holds at most %(max)d posts; split it into smaller files.") % {"max": MAX_IMPORT_LINES}
        )
    allowed = set(visible.values_list("pk", flat=True))
    refused: dict[tuple[str, str], str] = {}
    with transaction.atomic():
        for item in lines:
            if isinstance(item, files.Problem):
                report.problems.append(item)
                continue
            report.warnings += [files.Problem(item.number, w) for w in item.warnings]
            counts = (report.created, report.duplicates, report.flagged, report.accounts_created)
            try:
                account = _line_account(actor, item, default_account, allowed, refused)
                with transaction.atomic():  # a savepoint per line
                    _import_line(actor, item, account, report)
                allowed.add(account.pk)
            except ValidationError as error:
                report.created, report.duplicates, report.flagged, report.accounts_created = counts
                report.problems.append(files.Problem(item.number, _messages(error)))
        audit_record(
            action="monitoring.posts_imported",
            actor=actor,
            target_label=name[:100],
            target_region=default_account.region_code if default_account else (actor.office.region_id or ""),
            changes={
                "created": report.created,
                "duplicates": report.duplicates,
                "problems": len(report.problems),
            },
        )
    return report


def post_reveal(*, actor: User, post: Post) -> None:
    """The unmasked text and screenshot: an identity read, on the audit trail."""
    audit_record(action="monitoring.post_revealed", actor=actor, target=post, target_region=post.region_code)


def post_open(*, actor: User, post: Post) -> None:
    audit_record(action="monitoring.post_viewed", actor=actor, target=post, target_region=post.region_code)


def _concern_for(actor: User, post: Post, decision: str, note: str) -> Concern:
    families = [r["family"] for r in post.reasons if r.get("points", 0) > 0]
    category = next((CONCERN_CATEGORY[f] for f in families if f in CONCERN_CATEGORY), Concern.Category.OTHER)
    labels = [str(describe(r["code"])["label"]) for r in post.reasons if r.get("points", 0) > 0][:5]
    # The concern carries the reasons, not the post's text: that may name children (it stays behind
    # the monitoring permission, one click away).
    description = _(
        "Online monitoring: a %(platform)s post by @%(handle)s was screened %(tier)s "
        "(risk score %(score)s%%). Reasons: %(reasons)s. Reviewer's note: %(note)s"
    ) % {
        "platform": post.account.get_platform_display(),
        "handle": post.account.handle_normalised,
        "tier": post.get_tier_display(),
        "score": post.score_percent,
        "reasons": "; ".join(labels) or "-",
        "note": note or "-",
    }
    if decision == Post.Decision.REFER_POLICE:
        description = _("Referred to police. ") + description
    office = actor.office
    concern = Concern(
        reporter_name=f"{actor.full_name} ({office.name})"[:150],
        category=category,
        description=description[:5000],
        subject_text=f"{post.account.get_platform_display()} @{post.account.handle_normalised} {post.url}"[
            :300
        ],
    )
    return concern_create(
        source=Concern.Source.MONITORING,
        actor=actor,
        concern=concern,
        lksa=post.account.lksa,
        region_code=post.region_code,
        origin={"post": post.pk},
    )


def post_decide(
    *, actor: User, post: Post, decision: str, note: str, expected_version: int, appeal: bool = False
) -> Post:
    """Record the reviewer's decision and carry it out: a concern in the triage queue, a referral
    notice to the police units of the region, or a letter to the home.

    ``appeal``: the reviewer saw the post ask the public for donations (asking for the fundraising
    permit says so too). The account's home is then marked as seen soliciting donations
    (``registry.services.lksa_donations_observed``), apart from what the home declared itself."""
    if decision not in Post.Decision.values:
        raise ValidationError({"decision": [_("Choose a decision.")]})
    if decision in CONCERN_DECISIONS and not note.strip():
        raise ValidationError({"note": [_("Say what you saw: the note goes with the concern.")]})
    if decision in LETTER_DECISIONS and post.account.lksa is None:
        raise ValidationError(
            {"decision": [_("Link the account to a registered home first: a letter goes to a home.")]}
        )
    with transaction.atomic():
        locked = Post.objects.select_for_update().get(pk=post.pk)
        if locked.version != expected_version:
            raise ValidationError(_("Someone else changed this post meanwhile; reload the page."))
        if locked.decision:
            raise ValidationError(_("This post has already been decided."))
        concern = _concern_for(actor, locked, decision, note) if decision in CONCERN_DECISIONS else None
        Post.objects.filter(pk=locked.pk).update(
            decision=decision,
            decision_note=note,
            decided_by=actor,
            decided_at=timezone.now(),
            opened_concern=concern,
            version=F("version") + 1,
        )
        url = reverse("monitoring:post_detail", args=[locked.pk])
        if decision == Post.Decision.REFER_POLICE:
            notify(
                police_referral_recipients(locked.region_code),
                _("Online monitoring referral: a post by @%(handle)s")
                % {"handle": locked.account.handle_normalised},
                url,
            )
        if decision in LETTER_DECISIONS and (lksa := locked.account.lksa) is not None:
            # Letters to a home are in Indonesian, whatever language the reviewer works in.
            with translation.override("id"):
                text = _("%(letter)s (%(platform)s @%(handle)s, %(day)s)") % {
                    "letter": LETTERS[Post.Decision(decision)],
                    "platform": locked.account.get_platform_display(),
                    "handle": locked.account.handle_normalised,
                    "day": date_format(timezone.localtime(locked.posted_at or locked.captured_at), "j F Y"),
                }
            notify(
                User.objects.members_of(lksa.organisation, roles=[Role.ORG_ADMIN, Role.LKSA_OPERATOR]), text
            )
        if (appeal or decision == Post.Decision.REQUEST_PERMIT) and (home := locked.account.lksa) is not None:
            lksa_donations_observed(actor=actor, lksa=home, source=f"{Post._meta.label_lower}:{locked.pk}")
        audit_record(
            action="monitoring.post_decided",
            actor=actor,
            target=locked,
            target_region=locked.region_code,
            changes={
                "decision": [None, decision],
                "tier": locked.tier,
                "score": round(locked.score, 4),
                "concern": concern.tracking_code if concern else None,
            },
        )
    post.refresh_from_db()
    return post


def post_check_record(*, actor: User, kept: KeptPostCheck | None) -> None:
    """The audit trail of a caption check. Not kept: who checked and when, nothing of the caption or of
    what the screener found (a finding would say what the caption said). Kept: the stored check."""
    if kept is None:
        audit_record(action="monitoring.post_checked", actor=actor, changes={"kept": False})
        return
    with transaction.atomic():
        kept.checked_by, kept.organisation = actor, require(actor, Perm.POST_CHECK).organisation
        kept.full_clean()
        kept.save()
        audit_record(action="monitoring.post_check_kept", actor=actor, target=kept, changes={"kept": True})
