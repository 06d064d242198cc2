"""The provisions the TPPO reading points to, as a reviewed table (docs/law-review-tppo.md holds the
quotes and sources). Each row: its citation, a short summary, the elements that must be shown, the
penalty, and whether the article was checked against its text. "verified": the article number and its
wording were seen together; "partly": the wording was seen but the number, ayat or penalty comes from a
secondary or single source; "unverified": the text was not found, the row rests on memory and must be
checked against the official text (peraturan.bpk.go.id) before anyone relies on it.

cases/tppo.py decides from the recorded facts which rows to point to; nothing here is a legal finding.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

VERIFIED = "verified"
PARTLY = "partly"
UNVERIFIED = "unverified"

STATUS_LABELS = {
    VERIFIED: _("article checked against the text"),
    PARTLY: _("wording checked, article number or penalty not confirmed"),
    UNVERIFIED: _("not verified"),
}


@dataclass(frozen=True)
class Provision:
    id: str
    citation: str
    summary: Promise
    elements: tuple[Promise, ...]
    penalty: Promise
    status: str
    source: str

    @property
    def status_label(self) -> Promise:
        return STATUS_LABELS[self.status]


_ROWS = (
    Provision(
        "tppo_2",
        "UU 21/2007 Pasal 2 ayat (1)",
        _(
            "Trafficking: recruiting, transporting, harbouring, sending, transferring or receiving a person "
            "by a listed means, for the purpose of exploiting them."
        ),
        (
            _("a process: recruiting, transporting, harbouring, sending, transferring or receiving"),
            _(
                "a means: threat or use of force, abduction, confinement, forgery, deception, abuse of "
                "power or of a vulnerable position, debt bondage, or payment to a person in control"
            ),
            _("the purpose of exploitation (or the person was exploited)"),
        ),
        _("3 to 15 years' prison and a fine of up to Rp600 million."),
        VERIFIED,
        "advokatkonstitusi.com (Pasal 2 ayat (1), 3-15 years, up to Rp600,000,000); the Pasal 1 angka 1 "
        "definition quoted by kompas.id and 123dok",
    ),
    Provision(
        "tppo_17",
        "UU 21/2007 Pasal 17",
        _(
            "The penalty for an offence under Pasal 2, 3 or 4 is increased by a third when the victim "
            "is a child."
        ),
        (
            _("an offence under Pasal 2, 3 or 4 with all its elements"),
            _("the victim is a child (under 18)"),
        ),
        _("The Pasal 2, 3 or 4 penalty plus one third."),
        VERIFIED,
        "text-id.123dok.com (quotes Pasal 17 with Pasal 2, 3 and 4 only)",
    ),
    Provision(
        "tppo_5",
        "UU 21/2007 Pasal 5",
        _("Adopting a child with a promise or payment, with the intent to exploit the child."),
        (
            _("an adoption of a child with a promise or a payment"),
            _("the intent to exploit the child"),
        ),
        _("3 to 15 years' prison (not confirmed against the text)."),
        UNVERIFIED,
        "not found in the sources searched; wording from memory",
    ),
    Provision(
        "tppo_6",
        "UU 21/2007 Pasal 6",
        _("Sending a child within or out of Indonesia by any means, resulting in the child's exploitation."),
        (
            _("the victim is a child (under 18)"),
            _("the child was sent within or out of Indonesia"),
            _("the child was exploited as a result"),
        ),
        _("3 to 15 years' prison (not confirmed against the text)."),
        UNVERIFIED,
        "not found in the sources searched; wording from memory",
    ),
    Provision(
        "pa_76i",
        "UU 35/2014 Pasal 76I jo. Pasal 88",
        _(
            "No one may place, allow, commit, order or take part in the economic or sexual exploitation of "
            "a child. No process or means is needed."
        ),
        (
            _("the victim is a child (under 18)"),
            _("economic or sexual exploitation of the child"),
        ),
        _("Up to 10 years' prison and/or a fine of up to Rp200 million."),
        VERIFIED,
        "suara.com (2021-06-09) quotes Pasal 76I and Pasal 88; advokatkonstitusi.com",
    ),
    Provision(
        "pa_76f",
        "UU 35/2014 Pasal 76F jo. Pasal 83",
        _(
            "No one may place, allow, commit, order or take part in the abduction, sale or trafficking of a "
            "child. No means is needed, but one of these acts is."
        ),
        (
            _("the victim is a child (under 18)"),
            _("the child was abducted, sold or trafficked (penculikan, penjualan, perdagangan)"),
        ),
        _("3 to 15 years' prison and a fine of Rp60 million to Rp300 million (Pasal 83, one source)."),
        PARTLY,
        "bpsdm.kemenkumham.go.id (Pasal 76F text); indometro.org (Pasal 83 penalty)",
    ),
    Provision(
        "pa_79",
        "UU 23/2002 Pasal 79 jo. Pasal 39 (as amended by UU 35/2014)",
        _(
            "An adoption contrary to Pasal 39 ayat (1), (2) or (4): not in the child's best interest or "
            "not under the law, cutting the tie to the birth parents, or by foreigners other than as a "
            "last resort."
        ),
        (
            _("an adoption, or a child handed over 'for adoption'"),
            _("outside the legal procedure (no court order, not in the child's best interest)"),
        ),
        _("Up to 5 years' prison and/or a fine of up to Rp100 million."),
        PARTLY,
        "starbrantas.blogspot.com (UU 23/2002 Pasal 79 text); Pasal 39 as amended: ourfamily2yours.com; "
        "whether UU 35/2014 changed Pasal 79 itself was not confirmed",
    ),
    Provision(
        "pa_76d",
        "UU 35/2014 Pasal 76D jo. Pasal 81",
        _(
            "No one may use force or threat of force to make a child have sexual intercourse with them or "
            "another; Pasal 81 ayat (2) extends this to trickery, lies or persuasion."
        ),
        (
            _("the victim is a child (under 18)"),
            _("sexual intercourse with the child"),
            _("by force or threat, or by trickery, lies or persuasion"),
        ),
        _(
            "5 to 15 years' prison and a fine of up to Rp5 billion; heavier in the cases of "
            "Pasal 81 ayat (3)-(5)."
        ),
        VERIFIED,
        "makassar.tribunnews.com (2023-08-22) and rbtv.disway.id quote Pasal 76D and the 5-15 year penalty; "
        "text-id.123dok.com (Pasal 81 ayat (2) wording, in its 2002 version)",
    ),
    Provision(
        "pa_76e",
        "UU 35/2014 Pasal 76E jo. Pasal 82",
        _(
            "No one may use force, threat, coercion, trickery, lies or persuasion to make a child commit or "
            "allow obscene acts (perbuatan cabul)."
        ),
        (
            _("the victim is a child (under 18)"),
            _("obscene acts with the child"),
            _("by force, threat, coercion, trickery, lies or persuasion"),
        ),
        _("5 to 15 years' prison and a fine of up to Rp5 billion (penalty not confirmed against the text)."),
        PARTLY,
        "popmama.com names Pasal 76E as the ban on obscene acts with a child; "
        "the Pasal 82 penalty was not seen",
    ),
    Provision(
        "pa_76b",
        "UU 35/2014 Pasal 76B jo. Pasal 77B",
        _(
            "No one may place, allow, involve or order the involvement of a child in mistreatment "
            "(perlakuan salah) or neglect (penelantaran)."
        ),
        (
            _("the victim is a child (under 18)"),
            _("mistreatment or neglect of the child"),
        ),
        _("Up to 5 years' prison and/or a fine of up to Rp100 million."),
        VERIFIED,
        "rmol.id (2025-06-15) quotes Pasal 76B and its penalty; rama.kemdikbud.go.id (Pasal 77B, 5 years, "
        "Rp100,000,000)",
    ),
    Provision(
        "tpks_4_2",
        "UU 12/2022 (TPKS) Pasal 4 ayat (2)",
        _(
            "Sexual intercourse with a child, obscene acts with a child and the sexual exploitation of a "
            "child are sexual violence under TPKS: the offence is charged under its own law "
            "(UU 35/2014), and TPKS's procedure and victims' rights apply, including restitution and "
            "recovery services (Pasal 30)."
        ),
        (
            _("the victim is a child (under 18)"),
            _("sexual intercourse, obscene acts or sexual exploitation"),
        ),
        _(
            "The penalty of the underlying offence; the victim's rights under TPKS Pasal 30 "
            "(restitution, recovery)."
        ),
        PARTLY,
        "lintasbarometer.com, innews.co.id (the list); marosnews.com names 'Pasal 4 ayat (2)'; "
        "Pasal 30: id.wikisource.org and peraturan.info (primary text)",
    ),
    Provision(
        "tpks_12",
        "UU 12/2022 (TPKS) Pasal 12",
        _(
            "Sexual exploitation: by force, threat, abuse of position, authority, trust, vulnerability or "
            "dependency, debt bondage or payment, using a person's body sexually for profit."
        ),
        (
            _("force or threat, abuse of position, trust or vulnerability, debt bondage, or payment"),
            _("using the person's body sexually, for profit"),
        ),
        _("Up to 15 years' prison and/or a fine of up to Rp1 billion."),
        VERIFIED,
        "nasional.kompas.com (2022-04-13) quotes Pasal 12 and its penalty",
    ),
    Provision(
        "tpks_14",
        "UU 12/2022 (TPKS) Pasal 14",
        _(
            "Electronic sexual violence: recording or capturing sexual images without consent, or "
            "transmitting sexual content. When the victim is a child, consent does not remove the offence, "
            "and it is not a complaint offence."
        ),
        (
            _("sexual images or videos of the victim recorded, captured or transmitted electronically"),
            _("without the victim's consent (a child's consent does not count)"),
        ),
        _(
            "Up to 4 years' prison and/or Rp200 million; up to 6 years and/or Rp300 million with "
            "extortion, coercion or deceit."
        ),
        VERIFIED,
        "nasional.tempo.co (1581647), nasional.kompas.com (2022-04-12), utaratimes.pikiran-rakyat.com",
    ),
)

PROVISIONS: dict[str, Provision] = {row.id: row for row in _ROWS}
