"""The linkage model's comparisons, written once for Splink (SQL) and once for the registration check.

Each level carries the SQL condition Splink evaluates in DuckDB and the same test in Python. The
registration-time check scores a handful of candidates with the trained model's parameters in Python
instead of starting Splink for every form (about 0.5 s per call at national scale); a test keeps both
forms in agreement pair by pair.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _
from rapidfuzz.distance import JaroWinkler, Levenshtein

TOKEN_SIMILARITY = 0.9
PLACE_SIMILARITY = 0.88
# Birth dates further apart than this (and not a typing error, a swap or a guessed 1 January) are more
# likely two children of one family: a year's error in an estimated date stays within it.
SIBLING_DAYS = 400

# DuckDB macros used by the SQL conditions. Names are compared word by word: a word counts as matched
# when some word of the other name is close to it (Jaro-Winkler; one typing error in a word of four
# letters, two in a word of seven; or a nickname cut from its start, "Firm" for "Firmansyah"), so
# typos and dropped parts differ from a different given name. Names that differ by a gendered pair
# (Rizki/Rizka, Putra/Putri, Dewa/Dewi) on records of different sex are a boy and a girl, often twins.
VOWELS = "aeiou"
# Words too common to identify anyone (Muhammad, Siti, Nur...): never a blocking key on their own, and a
# name made only of them ("Muhammad") agreeing with part of another is weak evidence.
COMMON_WORDS = frozenset("muhamad siti nur ahmad abdul putri putra dwi tri eka sri dewi agus".split())
_COMMON_SQL = "[" + ", ".join(f"'{w}'" for w in sorted(COMMON_WORDS)) + "]"
DUCKDB_MACROS = (
    "CREATE OR REPLACE MACRO gendered_pair(x, y) AS length(x) = length(y) AND x <> y "
    "AND substr(x, 1, length(x) - 1) = substr(y, 1, length(y) - 1) "
    f"AND contains('{VOWELS}', right(x, 1)) AND contains('{VOWELS}', right(y, 1))",
    "CREATE OR REPLACE MACRO gendered_names(a, b) AS list_bool_or(list_transform(a, lambda x: "
    "NOT list_contains(b, x) AND list_bool_or(list_transform(b, lambda y: gendered_pair(x, y)))))",
    "CREATE OR REPLACE MACRO word_match(x, y) AS ("
    f"jaro_winkler_similarity(x, y) >= {TOKEN_SIMILARITY} "
    "OR (least(length(x), length(y)) >= 4 AND levenshtein(x, y) <= 1) "
    "OR (least(length(x), length(y)) >= 7 AND levenshtein(x, y) <= 2) "
    "OR (least(length(x), length(y)) >= 4 AND abs(length(x) - length(y)) >= 3 "
    "AND (starts_with(x, y) OR starts_with(y, x))))",
    "CREATE OR REPLACE MACRO alike_names(a, b, ka, kb) AS coalesce(list_bool_or(list_transform(ka, lambda x: "
    "NOT list_contains(b, x) AND coalesce(list_bool_or(list_transform(kb, lambda y: "
    "NOT list_contains(a, y) AND word_match(x, y))), false))), false)",
    "CREATE OR REPLACE MACRO only_common(a) AS "
    f"len(list_filter(a, lambda x: NOT list_contains({_COMMON_SQL}, x))) = 0",
    "CREATE OR REPLACE MACRO unmatched_words(a, b) AS "
    "len(list_filter(a, lambda x: NOT list_bool_or(list_transform(b, lambda y: word_match(x, y)))))",
)

Record = dict[str, Any]


def _gendered_pair(x: str, y: str) -> bool:
    return len(x) == len(y) and x != y and x[:-1] == y[:-1] and x[-1] in VOWELS and y[-1] in VOWELS


@lru_cache(maxsize=200_000)
def word_match(x: str, y: str) -> bool:
    # Cached: the registration check compares the typed name's and parents' few words with those of
    # hundreds of candidates, and the same pairs of words ("siti", "sity") come back on every form.
    shorter = min(len(x), len(y))
    return (
        JaroWinkler.similarity(x, y) >= TOKEN_SIMILARITY
        or (shorter >= 4 and Levenshtein.distance(x, y) <= 1)
        or (shorter >= 7 and Levenshtein.distance(x, y) <= 2)
        or (shorter >= 4 and abs(len(x) - len(y)) >= 3 and (x.startswith(y) or y.startswith(x)))
    )


# A word of a name is an established name, not a typing error, when at least this share of the records
# (and at least KNOWN_MIN of them) carry it: a typo of even the commonest name is far rarer. Measured on
# synthetic data: 483 of 536 twins' alike names (Ikhsan/Ikhwan) pass at 20 in 100,000, and 52 of 3,525
# pairs of one child's records written alike but differently (mostly a typo that made another name).
KNOWN_SHARE = 2e-4
KNOWN_MIN = 5


def known_threshold(named_records: int) -> float:
    """How many records must carry a word for it to be an established name."""
    return max(KNOWN_MIN, KNOWN_SHARE * named_records)


def alike_names(a: Sequence[str], b: Sequence[str], known_a: Sequence[str], known_b: Sequence[str]) -> bool:
    """Two established names alike enough to pass for a typo of each other (Ikhsan, Ikhwan): twins, or
    brothers and sisters, rather than one child written twice."""
    return any(x not in b and any(y not in a and word_match(x, y) for y in known_b) for x in known_a)


def gendered_names(a: Sequence[str], b: Sequence[str]) -> bool:
    return any(x not in b and any(_gendered_pair(x, y) for y in b) for x in a)


def unmatched_words(a: Sequence[str], b: Sequence[str]) -> int:
    return sum(1 for x in a if not any(word_match(x, y) for y in b))


def _words_agree(p: Sequence[str], q: Sequence[str]) -> bool:
    return unmatched_words(p, q) == 0 and unmatched_words(q, p) == 0


def _words_contained(p: Sequence[str], q: Sequence[str]) -> bool:
    return unmatched_words(p, q) == 0 or unmatched_words(q, p) == 0


def only_common(words: Sequence[str]) -> bool:
    return all(w in COMMON_WORDS for w in words)


def _distinctive_part(p: Sequence[str], q: Sequence[str]) -> bool:
    return (unmatched_words(p, q) == 0 and not only_common(p)) or (
        unmatched_words(q, p) == 0 and not only_common(q)
    )


@dataclass(frozen=True)
class Level:
    code: str  # stable: stored with decisions and shown as "agrees", "near", "differs"
    sql: str
    test: Callable[[Record, Record], bool]
    null: bool = False
    # A fixed m probability states what the data cannot teach: records of the same child do not carry
    # different given names (twins and siblings do), so that level outweighs agreeing parents and dates.
    fixed_m: float | None = None
    fixed_u: float | None = None
    # Term-frequency adjustment: agreeing on a rare value ("Yohanes Rondonuwu") says more than agreeing
    # on a common one ("Muhammad Rizki"); the level's weight moves by log2(u / frequency of the value).
    tf: str | None = None

    @property
    def agreement(self) -> str:
        if self.null:
            return "missing"
        return {
            "exact": "same",
            "else": "differs",
            "other_same_nik": "differs",
            "gendered": "differs",
            "alike": "differs",
            "sibling_gap": "differs",
        }.get(self.code, "near")


def _null(column: str) -> Level:
    return Level(
        "null",
        f"{column}_l IS NULL OR {column}_r IS NULL",
        lambda p, q: p[column] is None or q[column] is None,
        True,
    )


def _exact(column: str, code: str = "exact", *, tf: bool = False) -> Level:
    return Level(
        code, f"{column}_l = {column}_r", lambda p, q: p[column] == q[column], tf=column if tf else None
    )


_ELSE = Level("else", "ELSE", lambda p, q: True)


@dataclass(frozen=True)
class Field:
    column: str
    label: Promise
    levels: tuple[Level, ...]

    def level_of(self, p: Record, q: Record) -> int:
        for index, level in enumerate(self.levels):
            if level.test(p, q):
                return index
        raise AssertionError("the last level is ELSE")  # pragma: no cover

    def as_splink(self) -> dict[str, Any]:
        levels = []
        for level in self.levels:
            entry: dict[str, Any] = {"sql_condition": level.sql, "label_for_charts": level.code}
            if level.null:
                entry["is_null_level"] = True
            if level.fixed_m is not None:
                entry |= {"m_probability": level.fixed_m, "fix_m_probability": True}
            if level.fixed_u is not None:
                entry |= {"u_probability": level.fixed_u, "fix_u_probability": True}
            if level.tf is not None:
                entry |= {"tf_adjustment_column": level.tf, "tf_adjustment_weight": 1.0}
            levels.append(entry)
        return {"output_column_name": self.column, "comparison_levels": levels}


# A NIK's first 12 digits are region and birth date, the last 4 a serial within them.
NIK_TYPO_SQL = (
    "levenshtein(nik_l, nik_r) <= 2 "
    "AND NOT (length(nik_l) = 16 AND length(nik_r) = 16 AND left(nik_l, 12) = left(nik_r, 12))"
)


def _same_nik_prefix(a: str, b: str) -> bool:
    return len(a) == 16 and len(b) == 16 and a[:12] == b[:12]


def _nik_typo(p: Record, q: Record) -> bool:
    a, b = p["nik"], q["nik"]
    return Levenshtein.distance(a, b) <= 2 and not _same_nik_prefix(a, b)


def _swapped(p: Record, q: Record) -> bool:
    a, b = p["dob"], q["dob"]
    return a.year == b.year and a.day == b.month and a.month == b.day


FIELDS: tuple[Field, ...] = (
    Field(
        "name",
        _("name"),
        (
            _null("name"),
            Level(
                "gendered",
                "sex_l <> sex_r AND gendered_names(name_tokens_l, name_tokens_r)",
                lambda p, q: (
                    p["sex"] is not None
                    and q["sex"] is not None
                    and p["sex"] != q["sex"]
                    and gendered_names(p["name_tokens"], q["name_tokens"])
                ),
                fixed_m=1e-12,
            ),
            # Two different established names that only look like a typo of each other, on records
            # without one NIK: the naive model would let agreeing parents and date (which twins share)
            # outweigh the names, so this level, like the one above, is all but never one child.
            Level(
                "alike",
                "alike_names(name_tokens_l, name_tokens_r, name_known_l, name_known_r) "
                "AND NOT coalesce(nik_l = nik_r, false)",
                lambda p, q: (
                    alike_names(
                        p["name_tokens"] or (),
                        q["name_tokens"] or (),
                        p.get("name_known") or (),
                        q.get("name_known") or (),
                    )
                    and not (p["nik"] is not None and p["nik"] == q["nik"])
                ),
                fixed_m=1e-9,
            ),
            _exact("name", tf=True),
            _exact("name_sorted", "reordered"),
            Level(
                "words",
                "unmatched_words(name_tokens_l, name_tokens_r) = 0 "
                "AND unmatched_words(name_tokens_r, name_tokens_l) = 0",
                lambda p, q: _words_agree(p["name_tokens"], q["name_tokens"]),
            ),
            Level(
                "part",
                "(unmatched_words(name_tokens_l, name_tokens_r) = 0 AND NOT only_common(name_tokens_l)) "
                "OR (unmatched_words(name_tokens_r, name_tokens_l) = 0 AND NOT only_common(name_tokens_r))",
                lambda p, q: _distinctive_part(p["name_tokens"], q["name_tokens"]),
            ),
            # "Muhammad" alone against "Muhammad Rizki": agrees, but says little.
            Level(
                "common_part",
                "unmatched_words(name_tokens_l, name_tokens_r) = 0 "
                "OR unmatched_words(name_tokens_r, name_tokens_l) = 0",
                lambda p, q: _words_contained(p["name_tokens"], q["name_tokens"]),
            ),
            # A name written quite differently on two records with the same NIK (or the same NIK but for a
            # typing error): a clerk's mistake or a new name, which the NIK and the date decide. Neither for
            # nor against (m = u). Twins have different NIKs: their NIKs differ in the serial, see _nik_typo.
            Level(
                "other_same_nik",
                f"nik_l = nik_r OR ({NIK_TYPO_SQL})",
                lambda p, q: (
                    p["nik"] is not None
                    and q["nik"] is not None
                    and (p["nik"] == q["nik"] or _nik_typo(p, q))
                ),
                fixed_m=0.01,
                fixed_u=0.01,
            ),
            Level("else", "ELSE", lambda p, q: True, fixed_m=1e-12),
        ),
    ),
    Field(
        "dob",
        _("date of birth"),
        (
            _null("dob"),
            Level(
                "exact",
                "dob_l = dob_r AND NOT dob_placeholder_l",
                lambda p, q: p["dob"] == q["dob"] and not p["dob_placeholder"],
            ),
            _exact("dob", "placeholder"),
            Level(
                "swapped",
                "year(dob_l) = year(dob_r) AND day(dob_l) = month(dob_r) AND month(dob_l) = day(dob_r)",
                _swapped,
            ),
            Level(
                "typo",
                "levenshtein(dob_str_l, dob_str_r) <= 1",
                lambda p, q: Levenshtein.distance(p["dob_str"], q["dob_str"]) <= 1,
            ),
            Level(
                "placeholder_year",
                "(dob_placeholder_l OR dob_placeholder_r) AND year(dob_l) = year(dob_r)",
                lambda p, q: (
                    (p["dob_placeholder"] or q["dob_placeholder"]) and p["dob"].year == q["dob"].year
                ),
            ),
            # Two real dates more than SIBLING_DAYS apart (not a typing error or a swap: those levels come
            # first) under the same mother or father, without one NIK: brothers or sisters, all but never
            # one child. The naive model would let the shared parents, place and family name outweigh it.
            Level(
                "sibling_gap",
                "NOT dob_placeholder_l AND NOT dob_placeholder_r "
                f"AND abs(date_diff('day', dob_l, dob_r)) > {SIBLING_DAYS} "
                "AND coalesce(mother_l = mother_r OR father_l = father_r, false) "
                "AND NOT coalesce(nik_l = nik_r, false)",
                lambda p, q: (
                    not p["dob_placeholder"]
                    and not q["dob_placeholder"]
                    and abs((p["dob"] - q["dob"]).days) > SIBLING_DAYS
                    and any(p[c] is not None and p[c] == q[c] for c in ("mother", "father"))
                    and not (p["nik"] is not None and p["nik"] == q["nik"])
                ),
                fixed_m=1e-9,
            ),
            _ELSE,
        ),
    ),
    Field(
        "nik",
        _("NIK"),
        (
            _null("nik"),
            _exact("nik"),
            # Two random children's NIKs within two typing errors of each other are too rare for random
            # sampling to measure: u is set, not estimated.
            Level("typo", NIK_TYPO_SQL, _nik_typo, fixed_u=1e-6),
            # Same region and birth date, another serial: a typing error in the serial, or twins. The NIK then
            # proves nothing either way (m = u); the other fields decide.
            Level(
                "serial",
                "length(nik_l) = 16 AND length(nik_r) = 16 AND left(nik_l, 12) = left(nik_r, 12)",
                lambda p, q: _same_nik_prefix(p["nik"], q["nik"]),
                fixed_m=0.01,
                fixed_u=0.01,
            ),
            _ELSE,
        ),
    ),
    *(
        Field(
            parent,
            label,
            (
                _null(parent),
                _exact(parent),
                Level(
                    "words",
                    f"unmatched_words({parent}_tokens_l, {parent}_tokens_r) = 0 "
                    f"OR unmatched_words({parent}_tokens_r, {parent}_tokens_l) = 0",
                    lambda p, q, col=parent: _words_contained(p[f"{col}_tokens"], q[f"{col}_tokens"]),  # type: ignore[misc]
                ),
                _ELSE,
            ),
        )
        for parent, label in (("mother", _("mother's name")), ("father", _("father's name")))
    ),
    Field(
        "place",
        _("place of birth"),
        (
            _null("place"),
            _exact("place", tf=True),
            Level(
                "similar",
                f"jaro_winkler_similarity(place_l, place_r) >= {PLACE_SIMILARITY}",
                lambda p, q: JaroWinkler.similarity(p["place"], q["place"]) >= PLACE_SIMILARITY,
            ),
            _ELSE,
        ),
    ),
    Field("sex", _("sex"), (_null("sex"), _exact("sex"), _ELSE)),
)

# Candidate pairs are only compared when they share one of these (Splink's blocking rules). Each is
# selective at national scale; together they catch records whose NIK, name or date was mistyped.
BLOCKING_KEYS: tuple[tuple[str, ...], ...] = (
    ("nik",),
    ("name", "birth_year"),
    ("name_skeleton", "birth_year"),
    ("name", "mother"),
    ("name", "place"),
    ("name_skeleton", "mother"),
    ("dob", "name_prefix"),
    ("dob", "mother"),
    ("mother", "birth_year", "sex", "name_initial"),
    ("mother", "father", "name_initial"),
    # Names written too differently for the rules above (and for the word rule below): the date with the
    # place, the father, or the name's consonants.
    ("dob", "place"),
    ("dob", "father"),
    ("name_skeleton", "dob"),
)
# A block larger than this (dozens of records sharing a common name and a big city, or a clerk's
# placeholder NIK) is skipped by its rule: its pairs grow with the square of its size, and the other
# rules still compare what in it is likely the same child.
MAX_BLOCK = 50
BLOCKING_RULES = tuple(
    " AND ".join([*(f"l.{key} = r.{key}" for key in keys), f"l.block_{i} <= {MAX_BLOCK}"])
    for i, keys in enumerate(BLOCKING_KEYS)
)
# Names written differently on two records (a part dropped or added, a typing error, words reordered,
# a nickname) escape every rule above that compares the whole name. This rule compares each distinctive
# word of the name (not Muhammad, Siti...) together with one other field: the birth year, the day and
# month of birth (which survive a mistyped year), the place, the mother or the father. The engine builds
# these keys once per record (``engine.load``, dropping keys shared by more than MAX_WORD_BLOCK records), and
# Splink explodes the list so that two records meet when any one key agrees.
WORD_KEY_PARTS = (
    ("y", "CAST(birth_year AS VARCHAR)"),
    ("d", "CASE WHEN NOT dob_placeholder THEN strftime(dob, '%m%d') END"),
    ("p", "place"),
    ("m", "mother"),
    ("f", "father"),
)
WORD_RULE = "l.word_keys = r.word_keys"
# A word key is a weak key (one word of a name): only rare ones are kept, or the pairs to score multiply.
MAX_WORD_BLOCK = 10


# Rules that find pairs which are nearly always the same child, used to estimate how many pairs in the
# whole data are matches before any officer has decided anything.
DETERMINISTIC_RULES = ("l.nik = r.nik", "l.name = r.name AND l.dob = r.dob AND NOT l.dob_placeholder")
DETERMINISTIC_RECALL = 0.6


def splink_settings(blocking_rules: Sequence[str] = BLOCKING_RULES) -> dict[str, Any]:
    return {
        "link_type": "dedupe_only",
        "unique_id_column_name": "unique_id",
        "blocking_rules_to_generate_predictions": [
            *({"blocking_rule": rule, "sql_dialect": "duckdb"} for rule in blocking_rules),
            {"blocking_rule": WORD_RULE, "sql_dialect": "duckdb", "arrays_to_explode": ["word_keys"]},
        ],
        "comparisons": [f.as_splink() for f in FIELDS],
        "retain_intermediate_calculation_columns": False,
        "retain_matching_columns": False,
    }


# --- scoring one pair with a trained model (the registration-time check) ----------------------------


@dataclass(frozen=True)
class Comparison:
    column: str
    label: Promise
    agreement: str  # same / near / differs / missing
    level: str
    bayes_factor: float


@dataclass(frozen=True)
class Score:
    match_weight: float
    match_probability: float
    fields: tuple[Comparison, ...]


def levels_of(model: dict[str, Any]) -> list[tuple[str, list[str]]]:
    return [
        (c["output_column_name"], [level.get("label_for_charts", "") for level in c["comparison_levels"]])
        for c in model.get("comparisons", [])
    ]


def trained_levels(model: dict[str, Any]) -> dict[str, list[float | None]]:
    """The Bayes factor of each level of each comparison, in the order of FIELDS."""
    factors: dict[str, list[float | None]] = {}
    for comparison in model["comparisons"]:
        row: list[float | None] = []
        for level in comparison["comparison_levels"]:
            if level.get("is_null_level"):
                row.append(None)
                continue
            m, u = level.get("m_probability"), level.get("u_probability")
            row.append(m / u if m and u else 1.0)
        factors[comparison["output_column_name"]] = row
    return factors


# Below this many records a value's share says little (in a district's 300 children one "Muhammad Rizki"
# is a third of a percent): term frequencies are not used, in a batch run or in the registration check.
MIN_TF_RECORDS = 2_000


def without_tf(model: dict[str, Any]) -> dict[str, Any]:
    """The model with no term-frequency adjustment (for fewer than MIN_TF_RECORDS records)."""
    for comparison in model["comparisons"]:
        for level in comparison["comparison_levels"]:
            level.pop("tf_adjustment_column", None)
            level.pop("tf_adjustment_weight", None)
    return model


def _trained_level(model: dict[str, Any], column: str, index: int) -> dict[str, Any]:
    """A level as the model has it: a model trained before a level had ``tf`` is not adjusted."""
    comparison = next(c for c in model["comparisons"] if c["output_column_name"] == column)
    return comparison["comparison_levels"][index]


def prior_weight(model: dict[str, Any]) -> float:
    prior = float(model["probability_two_random_records_match"])
    return math.log2(prior / (1 - prior))


# How common a value is among the records (the share of records with a value in ``column`` that have
# this one), or None when unknown: for the term-frequency adjustment of a level (``Level.tf``).
Frequency = Callable[[str, Any], float | None]


def score(
    model: dict[str, Any],
    p: Record,
    q: Record,
    *,
    factors: dict[str, list[float | None]] | None = None,
    frequency: Frequency | None = None,
) -> Score:
    """The pair's match weight as Splink computes it; with ``frequency``, term-frequency adjusted as
    Splink does: an agreeing level trained with ``tf`` moves by log2(u of the level / share of the value)."""
    factors = factors or trained_levels(model)
    weight = prior_weight(model)
    fields = []
    for f in FIELDS:
        index = f.level_of(p, q)
        factor = factors[f.column][index]
        level = f.levels[index]
        trained = _trained_level(model, f.column, index)
        if factor is not None and frequency is not None and (column := trained.get("tf_adjustment_column")):
            share = frequency(column, p[column])
            if share:
                factor *= (trained["u_probability"] / share) ** trained.get("tf_adjustment_weight", 1.0)
        if factor is not None:
            weight += math.log2(factor)
        fields.append(Comparison(f.column, f.label, level.agreement, level.code, factor or 1.0))
    probability = 2**weight / (1 + 2**weight) if weight < 1000 else 1.0
    return Score(weight, probability, tuple(fields))


# --- what a pair of records more likely is, in words --------------------------------------------------

SIBLINGS, TWINS = "siblings", "twins"
_PARENT_AGREES = {"exact", "words"}


def family_relation(p: Record, q: Record) -> str:
    """ "siblings" for children of the same mother or father born more than a year apart, "twins" for
    children of the same parents born the same day under different given names, "" otherwise. Said
    beside the score: the model's parents and place agreeing is also what brothers and sisters share."""
    parent = any(
        f.levels[f.level_of(p, q)].code in _PARENT_AGREES for f in FIELDS if f.column in ("mother", "father")
    )
    if not parent:
        return ""
    dob, name = (next(f for f in FIELDS if f.column == c) for c in ("dob", "name"))
    dob_level, name_level = dob.levels[dob.level_of(p, q)].code, name.levels[name.level_of(p, q)].code
    if dob_level in ("else", "sibling_gap") and abs((p["dob"] - q["dob"]).days) > SIBLING_DAYS:
        return SIBLINGS
    if dob_level == "exact" and name_level in ("gendered", "else"):
        return TWINS
    return ""
