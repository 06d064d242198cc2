"""The TPPO reading: which provisions of the reviewed table (cases/law.py) the recorded facts point to,
which of their elements the facts meet, and which are still to establish.

The facts are recorded element by element: the process, the means and the exploitative purpose of
UU 21/2007, and the acts done to the victim that the child-protection and sexual-violence provisions
turn on (abduction, sale or trafficking of a child, adoption outside the procedure, sexual intercourse,
obscene acts, neglect, sexual images online). The acts are stored in the assessment's ``purpose`` list
under their own codes (no code is shared with PURPOSE), so no new column is needed.

Whether the victim is a child is read from the ages recorded in the case (CaseChild.age, or the linked
child's date of birth), never assumed. UU 21/2007 Pasal 2 requires a means as written, also for a child:
"no means needed for a child" is the Palermo Protocol's rule (Art. 3(c)), not UU 21/2007's wording, and
Pasal 26 (the victim's consent does not remove liability) is not the same thing. For a child the
provisions that need no means are UU 35/2014 Pasal 76I (exploitation) and, only when the child was
abducted, sold or trafficked, Pasal 76F.

This is guidance for professionals, never a legal finding: the page says so every time.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from pantau.cases.law import PROVISIONS, Provision

PROCESS = {
    "recruit": _("Recruiting (perekrutan)"),
    "transport": _("Transporting (pengangkutan)"),
    "harbour": _("Harbouring (penampungan)"),
    "send": _("Sending, within or out of Indonesia (pengiriman)"),
    "transfer": _("Transferring (pemindahan)"),
    "receive": _("Receiving (penerimaan)"),
}
MEANS = {
    "threat": _("Threat or use of force"),
    "abduction": _("Abduction or confinement"),
    "deception": _("Deception or forgery"),
    "abuse_of_power": _("Abuse of power or of a vulnerable position"),
    "debt": _("Debt bondage"),
    "payment": _("Payment or benefit to a person in control of the victim"),
}
PURPOSE = {
    "economic": _("Economic exploitation (work, begging, performing)"),
    "livestream": _("Live streams or videos to collect money or gifts"),
    "sexual": _("Sexual exploitation"),
    "organs": _("Removal of organs"),
}
ACTS = {
    "child_abducted": _("The child was abducted (penculikan anak)"),
    "child_sold": _("The child was sold, or money changed hands for the child (penjualan anak)"),
    "child_trafficked": _("The child was traded on (perdagangan anak)"),
    "adoption_paid": _("An adoption with a promise or payment"),
    "adoption_irregular": _("Handed over 'for adoption' outside the legal procedure (no court order)"),
    "intercourse": _("Sexual intercourse with the child"),
    "obscene": _("Obscene acts with the child (perbuatan cabul)"),
    "neglect": _("Mistreatment or neglect of the child"),
    "online_sexual": _("Sexual images or videos of the victim recorded, streamed or shared online"),
}
# Codes stored by earlier versions: "adoption" was a purpose, "adoption with a promise or payment".
LEGACY = {"adoption": "adoption_paid"}

CHILD_EXPLOITATION = {"economic", "livestream", "sexual"}
SALE_OF_CHILD = ("child_abducted", "child_sold", "child_trafficked")
COERCION_OF_CHILD = {"threat", "deception"}  # UU 35/2014 76D/76E: force, threat, trickery, lies
TPKS_12_MEANS = {"threat", "abuse_of_power", "debt", "payment"}

KINDS = {"process": _("Process"), "means": _("Means"), "purpose": _("Purpose"), "acts": _("Act")}

CHILD, ADULT, UNKNOWN = "child", "adult", "unknown"
VICTIM_LABELS = {
    CHILD: _("a child: at least one victim's recorded age is under 18"),
    ADULT: _("an adult: every victim's recorded age is 18 or over"),
    UNKNOWN: _("not known: no age recorded for every victim"),
}

DISCLAIMER = _(
    "Guidance for professionals, not a legal finding: whether an offence was committed is for the police, "
    "prosecutors and courts to decide on the evidence."
)


@dataclass(frozen=True)
class Pointer:
    provision: str  # the citation as it applies to these facts (e.g. with "jo. Pasal 17")
    law: Provision
    met: tuple[str, ...]  # the recorded facts that meet elements
    missing: tuple[str, ...]  # the elements still to establish
    explanation: str

    @property
    def id(self) -> str:
        return self.law.id

    @property
    def complete(self) -> bool:
        return not self.missing


@dataclass
class Reading:
    victim: str
    pointers: list[Pointer]
    missing: list[str] = field(default_factory=list)

    @property
    def victim_label(self) -> Any:
        return VICTIM_LABELS[self.victim]

    @property
    def complete(self) -> list[Pointer]:
        return [p for p in self.pointers if p.complete]

    @property
    def conditional(self) -> list[Pointer]:
        return [p for p in self.pointers if not p.complete]


def split_purpose(stored: Iterable[str]) -> tuple[list[str], list[str]]:
    """The stored ``purpose`` list as (purposes, acts), old codes translated."""
    purposes: list[str] = []
    acts: list[str] = []
    for code in stored:
        code = LEGACY.get(code, code)
        (acts if code in ACTS else purposes).append(code)
    return purposes, acts


def age_of(case_child: Any, today: date | None = None) -> int | None:
    """The recorded age, else the age from the linked child record's date of birth, else None."""
    if case_child.age is not None:
        return int(case_child.age)
    if getattr(case_child, "child_id", None) is None:
        return None
    born = case_child.child.birth_date
    if born is None:
        return None
    today = today or timezone.localdate()
    return today.year - born.year - ((today.month, today.day) < (born.month, born.day))


def victim_of(children: Iterable[Any], today: date | None = None) -> str:
    """Child if any victim is under 18; adult only if every victim's age is recorded and 18 or over."""
    ages = [age_of(c, today) for c in children]
    if any(a is not None and a < 18 for a in ages):
        return CHILD
    if ages and all(a is not None for a in ages):
        return ADULT
    return UNKNOWN


def age_to_record() -> str:
    return gettext(
        "whether the victim is a child: record each victim's age or date of birth (under 18 is a child)"
    )


def _labels(codes: Iterable[str], names: dict[str, Any]) -> str:
    return ", ".join(str(names[c]) for c in codes if c in names)


class _Facts:
    def __init__(
        self,
        process: Sequence[str],
        means: Sequence[str],
        purpose: Sequence[str],
        acts: Sequence[str],
        victim: str,
    ):
        self.process = [c for c in PROCESS if c in set(process)]
        self.means = [c for c in MEANS if c in set(means)]
        self.purpose = [c for c in PURPOSE if c in set(purpose)]
        self.acts = [c for c in ACTS if c in set(acts)]
        self.victim = victim

    def fact(self, kind: str, codes: Iterable[str]) -> str:
        names = {"process": PROCESS, "means": MEANS, "purpose": PURPOSE, "acts": ACTS}[kind]
        labels = _labels(codes, names)
        return f"{KINDS[kind]}: {labels}" if labels else ""

    def child_element(self, met: list[str], missing: list[str], law: Provision) -> None:
        """The "victim is a child" element: met, or (age unknown) still to establish."""
        if self.victim == CHILD:
            met.append(gettext("The victim is a child (recorded age under 18)."))
        else:
            missing.append(age_to_record())


def _pointer(
    law_id: str, met: list[str], missing: list[str], reasoning: list[str], citation: str = ""
) -> Pointer:
    law = PROVISIONS[law_id]
    return Pointer(
        provision=citation or law.citation,
        law=law,
        met=tuple(met),
        missing=tuple(missing),
        explanation=" ".join(reasoning),
    )


def _tppo_2(f: _Facts) -> Pointer | None:
    if not (f.process or f.means or f.purpose):
        return None
    law = PROVISIONS["tppo_2"]
    met: list[str] = []
    missing: list[str] = []
    for kind, codes, element in (
        ("process", f.process, law.elements[0]),
        ("means", f.means, law.elements[1]),
        ("purpose", f.purpose, law.elements[2]),
    ):
        if codes:
            met.append(f.fact(kind, codes))
        else:
            missing.append(str(element))
    reasoning: list[str] = []
    citation = law.citation
    if f.victim == CHILD:
        citation = f"{law.citation} jo. Pasal 17"
    if not missing:
        reasoning.append(gettext("Process, means and exploitative purpose are all recorded."))
        if f.victim == CHILD:
            reasoning.append(gettext("The victim is a child: Pasal 17 adds a third to the penalty."))
        elif f.victim == UNKNOWN:
            reasoning.append(
                gettext("If a victim is under 18, Pasal 17 adds a third to the penalty: record the ages.")
            )
    elif f.means == [] and f.victim != ADULT:
        reasoning.append(
            gettext(
                'Pasal 2 as written requires a means, also when the victim is a child. "No means is '
                "needed for a child\" is the Palermo Protocol's rule (Art. 3(c)), not UU 21/2007's "
                "wording; Pasal 26 (the victim's consent does not remove the offence) is not the same "
                "thing. Without a means, see the child-protection provisions, which need none: UU 35/2014 "
                "Pasal 76I for exploitation, and Pasal 76F only if the child was abducted, sold or "
                "trafficked."
            )
        )
    else:
        reasoning.append(
            gettext("Pasal 2 needs all three elements: process, means and exploitative purpose.")
        )
    return _pointer("tppo_2", met, missing, reasoning, citation)


def _tppo_5(f: _Facts) -> Pointer | None:
    if "adoption_paid" not in f.acts:
        return None
    law = PROVISIONS["tppo_5"]
    met = [f.fact("acts", ["adoption_paid"])]
    missing: list[str] = []
    if f.purpose:
        met.append(f.fact("purpose", f.purpose))
        reasoning = [
            gettext("An adoption with a promise or payment, and an exploitative purpose, are recorded.")
        ]
    else:
        missing.append(str(law.elements[1]))
        reasoning = [
            gettext(
                "Only if the intent to exploit the child is shown: adoption is not itself one of the "
                "exploitation purposes. A paid adoption without it is read under UU 35/2014 (sale of a "
                "child, illegal adoption)."
            )
        ]
    return _pointer("tppo_5", met, missing, reasoning)


def _tppo_6(f: _Facts) -> Pointer | None:
    if "send" not in f.process or not f.purpose or f.victim == ADULT:
        return None
    law = PROVISIONS["tppo_6"]
    met: list[str] = []
    missing: list[str] = []
    f.child_element(met, missing, law)
    met += [f.fact("process", ["send"]), f.fact("purpose", f.purpose)]
    return _pointer(
        "tppo_6",
        met,
        missing,
        [gettext("A child sent within or out of Indonesia, and exploited; no means is needed.")],
    )


def _pa_76i(f: _Facts) -> Pointer | None:
    exploitation = [c for c in f.purpose if c in CHILD_EXPLOITATION]
    if not exploitation or f.victim == ADULT:
        return None
    law = PROVISIONS["pa_76i"]
    met: list[str] = []
    missing: list[str] = []
    f.child_element(met, missing, law)
    met.append(f.fact("purpose", exploitation))
    reasoning = [
        gettext(
            "The economic or sexual exploitation of a child is an offence in itself: no process or "
            "means is needed."
        )
    ]
    if f.process and not set(SALE_OF_CHILD) & set(f.acts):
        reasoning.append(
            gettext(
                "Harbouring or moving a child to exploit them, with no abduction, sale or trafficking of the "
                "child recorded, is read here, not under Pasal 76F."
            )
        )
    return _pointer("pa_76i", met, missing, reasoning)


def _pa_76f(f: _Facts) -> Pointer | None:
    acts = [c for c in SALE_OF_CHILD if c in f.acts]
    if not acts or f.victim == ADULT:
        return None
    law = PROVISIONS["pa_76f"]
    met: list[str] = []
    missing: list[str] = []
    f.child_element(met, missing, law)
    met.append(f.fact("acts", acts))
    reasoning = [
        gettext(
            "The abduction, sale or trafficking of a child is recorded: no means and no exploitation "
            "need be shown."
        )
    ]
    return _pointer("pa_76f", met, missing, reasoning)


def _pa_79(f: _Facts) -> Pointer | None:
    if "adoption_irregular" not in f.acts:
        return None
    met = [f.fact("acts", ["adoption_irregular"])]
    reasoning = [
        gettext(
            "A child handed over as an adoption outside the legal procedure (court order, best interest, "
            "Pasal 39) is an illegal adoption, whether or not money was paid."
        )
    ]
    return _pointer("pa_79", met, [], reasoning)


def _sexual_offence(f: _Facts, law_id: str, act: str) -> Pointer | None:
    if act not in f.acts or f.victim == ADULT:
        return None
    law = PROVISIONS[law_id]
    met: list[str] = []
    missing: list[str] = []
    f.child_element(met, missing, law)
    met.append(f.fact("acts", [act]))
    how = [c for c in f.means if c in COERCION_OF_CHILD]
    if how:
        met.append(f.fact("means", how))
    else:
        missing.append(str(law.elements[2]))
    reasoning = [
        gettext(
            "The way the child was made to (force, threat, trickery, lies or persuasion) is part of "
            "the offence."
        )
    ]
    return _pointer(law_id, met, missing, reasoning)


def _pa_76b(f: _Facts) -> Pointer | None:
    if "neglect" not in f.acts or f.victim == ADULT:
        return None
    law = PROVISIONS["pa_76b"]
    met: list[str] = []
    missing: list[str] = []
    f.child_element(met, missing, law)
    met.append(f.fact("acts", ["neglect"]))
    return _pointer(
        "pa_76b", met, missing, [gettext("Mistreatment or neglect of a child is an offence in itself.")]
    )


def _tpks_4_2(f: _Facts) -> Pointer | None:
    acts = [c for c in ("intercourse", "obscene") if c in f.acts]
    sexual = ["sexual"] if "sexual" in f.purpose else []
    if not (acts or sexual) or f.victim == ADULT:
        return None
    law = PROVISIONS["tpks_4_2"]
    met: list[str] = []
    missing: list[str] = []
    f.child_element(met, missing, law)
    met += [fact for fact in (f.fact("acts", acts), f.fact("purpose", sexual)) if fact]
    reasoning = [
        gettext(
            "This is sexual violence under TPKS: the child is a victim with TPKS rights, including "
            "restitution and recovery services (Pasal 30); the offence is charged under UU 35/2014."
        )
    ]
    return _pointer("tpks_4_2", met, missing, reasoning)


def _tpks_12(f: _Facts) -> Pointer | None:
    if "sexual" not in f.purpose:
        return None
    law = PROVISIONS["tpks_12"]
    met: list[str] = []
    missing: list[str] = []
    how = [c for c in f.means if c in TPKS_12_MEANS]
    if how:
        met.append(f.fact("means", how))
    else:
        missing.append(str(law.elements[0]))
    met.append(f.fact("purpose", ["sexual"]))
    reasoning = [
        gettext(
            "Sexual exploitation under TPKS needs one of its means; the victim's TPKS rights "
            "(restitution, Pasal 30) follow."
        )
    ]
    return _pointer("tpks_12", met, missing, reasoning)


def _tpks_14(f: _Facts) -> Pointer | None:
    if "online_sexual" not in f.acts:
        return None
    law = PROVISIONS["tpks_14"]
    met = [f.fact("acts", ["online_sexual"])]
    missing: list[str] = []
    if f.victim == CHILD:
        met.append(gettext("The victim is a child: consent does not count."))
    elif f.victim == UNKNOWN:
        missing.append(age_to_record())
    else:
        missing.append(str(law.elements[1]))
    reasoning = [
        gettext(
            "Recording or sharing sexual images electronically; for a child it is not a complaint offence."
        )
    ]
    return _pointer("tpks_14", met, missing, reasoning)


RULES = (
    _tppo_2,
    _tppo_5,
    _tppo_6,
    _pa_76i,
    _pa_76f,
    _pa_79,
    lambda f: _sexual_offence(f, "pa_76d", "intercourse"),
    lambda f: _sexual_offence(f, "pa_76e", "obscene"),
    _pa_76b,
    _tpks_4_2,
    _tpks_12,
    _tpks_14,
)


def assess(
    *,
    process: Sequence[str],
    means: Sequence[str],
    purpose: Sequence[str],
    acts: Sequence[str] = (),
    victim: str = UNKNOWN,
) -> Reading:
    """The provisions the facts point to, each with the elements met and still missing."""
    if victim not in VICTIM_LABELS:
        raise ValueError(victim)
    purposes, legacy_acts = split_purpose(purpose)
    facts = _Facts(process, means, purposes, [*acts, *legacy_acts], victim)
    pointers = [p for rule in RULES if (p := rule(facts)) is not None]
    missing: list[str] = [age_to_record()] if victim == UNKNOWN and pointers else []
    for p in pointers:
        missing += [m for m in p.missing if m not in missing]
    return Reading(victim=victim, pointers=pointers, missing=missing)


def reading_of(case: Any, children: Iterable[Any] | None = None) -> Reading | None:
    """The reading of a case's recorded assessment, or None if it has none. ``children``: the case's
    CaseChild rows with their linked child, when the caller has them already (no query then)."""
    assessment = getattr(case, "tppo", None)
    if assessment is None:
        return None
    if children is None:
        children = case.children.select_related("child")
    purposes, acts = split_purpose(assessment.purpose)
    return assess(
        process=assessment.process,
        means=assessment.means,
        purpose=purposes,
        acts=acts,
        victim=victim_of(children),
    )


def form_initial(assessment: Any) -> dict[str, Any] | None:
    """The assessment form's initial values, the acts split out of the stored purpose list."""
    if assessment is None:
        return None
    purposes, acts = split_purpose(assessment.purpose)
    return {
        "process": assessment.process,
        "means": assessment.means,
        "purpose": purposes,
        "acts": acts,
        "facts": assessment.facts,
    }
