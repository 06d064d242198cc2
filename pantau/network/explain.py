"""What a signal says, in words, from the facts it keeps (ids and counts): the same sentence on the pages,
in the API and in the concern it opens. It names the homes of the reader's jurisdiction (the others are
counted, as their places are) and masked identifiers, never a person: whoever may open the places sees
the names there."""

from __future__ import annotations

from collections.abc import Iterable

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from pantau.accounts.access import UserLike, actor_of
from pantau.network.models import Signal
from pantau.regions.models import region_q
from pantau.registry.models import Lksa

Code = Signal.Code


def home_names(signals: Iterable[Signal], reader: UserLike) -> dict[int, str]:
    """The names of the homes the signals' explanations mention that lie in the reader's jurisdiction, in
    one query. A home elsewhere is counted, not named, as its places are (``occurrence_scope``)."""
    ids = {pk for s in signals for pk in s.facts.get("homes", [])}
    actor = actor_of(reader)
    if not ids or actor is None:
        return {}
    homes = Lksa.objects.filter(region_q("region_code", actor.jurisdiction), pk__in=ids)
    return dict(homes.values_list("pk", "name"))


def explain(signal: Signal, names: dict[int, str]) -> str:
    facts = signal.facts
    label = signal.entity.label if signal.entity_id and signal.entity else ""
    if signal.code == Code.SHARED_ACCOUNT:
        ids = facts.get("homes", [])
        named = sorted(names[pk] for pk in ids if pk in names)
        if elsewhere := len(ids) - len(named):
            named.append(
                ngettext(
                    "%(n)s home outside your jurisdiction", "%(n)s homes outside your jurisdiction", elsewhere
                )
                % {"n": elsewhere}
            )
        return _(
            "%(account)s collects donations for %(n)s homes run by different foundations: %(homes)s."
        ) % {
            "account": label,
            "n": len(ids),
            "homes": ", ".join(named),
        }
    if signal.code == Code.PERSONAL_ACCOUNT:
        posts = facts.get("posts", 0)
        return ngettext(
            "The home's appeal asks for donations into %(account)s, an account held by a person "
            "(%(n)s post).",
            "The home's appeals ask for donations into %(account)s, an account held by a person "
            "(%(n)s posts).",
            posts,
        ) % {"account": label, "n": posts}
    if signal.code == Code.PERSON_OF_CONCERN:
        how = _("the same NIK") if facts.get("strength") == "nik" else _("the same name and date of birth")
        found = []
        if alleged := facts.get("alleged", 0):
            found.append(
                ngettext(
                    "alleged in %(n)s case about another home",
                    "alleged in %(n)s cases about other homes",
                    alleged,
                )
                % {"n": alleged}
            )
        if barred := facts.get("barred", 0):
            found.append(
                ngettext("barred %(n)s time elsewhere", "barred %(n)s times elsewhere", barred)
                % {"n": barred}
            )
        return _("A staff or board member of the home is, by %(how)s, a person %(found)s.") % {
            "how": how,
            "found": _(" and ").join(found),
        }
    if signal.code == Code.INTERMEDIARY_CONTACT:
        return ngettext(
            "%(contact)s, given on the home's appeals or registry record, is the intermediary's in %(n)s "
            "family-care file.",
            "%(contact)s, given on the home's appeals or registry record, is the intermediary's in %(n)s "
            "family-care files.",
            facts.get("files", 0),
        ) % {"contact": label, "n": facts.get("files", 0)}
    return _(
        "%(claims)s post(s) of the last 12 months call the home's children 'yatim piatu' (orphans), yet "
        "%(living)s of its %(in_care)s children in care have a living parent."
    ) % {
        "claims": facts.get("claims", 0),
        "living": facts.get("living_parent", 0),
        "in_care": facts.get("in_care", 0),
    }
