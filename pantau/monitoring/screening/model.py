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
from functools import cache
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
    text = _DIGITS.sub("0", normalised)
    words = _WORD.findall(text)
    grams = [f"w:{w}" for w in words]
    grams += [f"w:{a} {b}" for a, b in pairwise(words)]
    for word in words:
        padded = f" {word} "
        size = len(padded)
        for n in (3, 4, 5):
            if size < n:
                break
            grams.extend([padded[i : i + n] for i in range(size - n + 1)])
    return grams


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

    def text_terms(self, normalised: str) -> tuple[float, list[tuple[str, float]]]:
        """Log-odds of the text model and the words that pushed it up most (for the explanation)."""
        vocabulary = self.vocabulary
        norm = dot = 0.0
        words: list[tuple[str, float]] = []
        for gram, count in Counter(analyse(normalised)).items():
            entry = vocabulary.get(gram)
            if entry is None:
                continue
            value = entry[0] if count == 1 else (1.0 + math.log(count)) * entry[0]
            norm += value * value
            contribution = value * entry[1]
            dot += contribution
            if contribution > 0 and gram.startswith("w:"):
                words.append((gram[2:], contribution))
        if not norm:
            return self.intercept, []
        norm = math.sqrt(norm)
        words.sort(key=lambda item: -item[1])
        return self.intercept + dot / norm, [(word, c / norm) for word, c in words[:5]]

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
