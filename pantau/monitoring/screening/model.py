"""The statistical part of the screener, as it runs in production: TF-IDF over word 1-2-grams and
character 3-5-grams, a logistic regression on it, and a second logistic regression that combines its
log-odds with the indicators ("stacking"). Training (``training.py``, scikit-learn, offline) writes
``model.json``; this module only reads it, so production needs neither scikit-learn nor pickles.

The runtime reproduces scikit-learn's ``TfidfVectorizer(sublinear_tf=True, norm="l2")`` exactly with
the same analyser function; a test checks both give the same scores.
"""

from __future__ import annotations

import json
import math
import re
from collections import Counter
from dataclasses import dataclass
from functools import cache, cached_property, lru_cache
from itertools import pairwise
from pathlib import Path
from typing import Any

MODEL_PATH = Path(__file__).with_name("model.json")
_DIGITS = re.compile(r"\d+")
_WORD = re.compile(r"[a-z0-9]{2,}")


def analyse(normalised: str) -> list[str]:
    """The features of a normalised text: words and word pairs, character 3-5-grams within words.

    Digit runs become "0" so that a price or a phone number generalises to any other. Word features
    carry a "w:" prefix (a word could equal a character gram); character grams, the many, carry none."""
    word_grams, char_grams = _parts(normalised)
    return word_grams + char_grams


def _parts(normalised: str) -> tuple[list[str], list[str]]:
    words = _WORD.findall(_DIGITS.sub("0", normalised))
    word_grams = [f"w:{w}" for w in words] + [f"w:{a} {b}" for a, b in pairwise(words)]
    char_grams: list[str] = []
    for word in words:
        char_grams.extend(_char_grams(word))
    return word_grams, char_grams


@lru_cache(maxsize=200_000)
def _char_grams(word: str) -> tuple[str, ...]:
    """Character 3-5-grams of one word padded with spaces (words repeat: cached)."""
    padded = f" {word} "
    size = len(padded)
    return tuple(padded[i : i + n] for n in (3, 4, 5) if size >= n for i in range(size - n + 1))


@dataclass(frozen=True)
class TextModel:
    """Weights of the text model and of the stacking layer, as trained."""

    version: str
    vocabulary: dict[str, tuple[float, float]]  # gram → (idf, coefficient)
    intercept: float
    stack_intercept: float
    stack_text: float
    stack_weights: dict[str, float]  # indicator/fact code → weight in log-odds
    thresholds: dict[str, float]
    card: dict[str, Any]

    @cached_property
    def _terms(self) -> dict[str, tuple[float, float]]:
        """gram → (idf², idf · coefficient): what scoring needs, multiplied once."""
        return {gram: (idf * idf, idf * coef) for gram, (idf, coef) in self.vocabulary.items()}

    def text_terms(self, normalised: str) -> tuple[float, list[tuple[str, float]]]:
        """Log-odds of the text model and the words that pushed it up most (for the explanation)."""
        terms = self._terms
        word_grams, char_grams = _parts(normalised)
        counts = Counter(word_grams)
        counts.update(char_grams)
        norm = dot = 0.0
        for gram, count in counts.items():
            entry = terms.get(gram)
            if entry is None:
                continue
            if count == 1:
                norm += entry[0]
                dot += entry[1]
            else:
                tf = 1.0 + math.log(count)
                norm += tf * tf * entry[0]
                dot += tf * entry[1]
        if not norm:
            return self.intercept, []
        norm = math.sqrt(norm)
        words = []
        for gram in dict.fromkeys(word_grams):
            entry = terms.get(gram)
            if entry is not None and entry[1] > 0:
                tf = 1.0 + math.log(counts[gram])
                words.append((gram[2:], tf * entry[1] / norm))
        words.sort(key=lambda item: -item[1])
        return self.intercept + dot / norm, words[:5]

    def combine(self, text_logit: float, fired: set[str]) -> float:
        """The stacked log-odds from the text model's log-odds and the indicators that fired."""
        total = self.stack_intercept + self.stack_text * text_logit
        for code in fired:
            total += self.stack_weights.get(code, 0.0)
        return total


def from_dict(data: dict[str, Any]) -> TextModel:
    return TextModel(
        version=data["version"],
        vocabulary={gram: (idf, coef) for gram, (idf, coef) in data["vocabulary"].items()},
        intercept=data["intercept"],
        stack_intercept=data["stack"]["intercept"],
        stack_text=data["stack"]["text"],
        stack_weights=data["stack"]["weights"],
        thresholds=data["thresholds"],
        card=data.get("card", {}),
    )


@cache
def load(path: Path = MODEL_PATH) -> TextModel:
    return from_dict(json.loads(path.read_text(encoding="utf-8")))


def sigmoid(logit: float) -> float:
    if logit < -40:
        return 0.0
    return 1.0 / (1.0 + math.exp(-logit))
