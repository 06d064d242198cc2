"""Pairwise precision, recall and F1 of a clustering against known truth (benchmarks and tests)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Hashable, Mapping
from dataclasses import dataclass
from typing import TypeVar


@dataclass(frozen=True)
class PairwiseScore:
    true_positives: int
    predicted_pairs: int
    true_pairs: int

    @property
    def precision(self) -> float:
        return self.true_positives / self.predicted_pairs if self.predicted_pairs else 1.0

    @property
    def recall(self) -> float:
        return self.true_positives / self.true_pairs if self.true_pairs else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def __str__(self) -> str:
        return (
            f"precision {self.precision:.4f}  recall {self.recall:.4f}  F1 {self.f1:.4f}  "
            f"(true pairs {self.true_pairs:,}, predicted {self.predicted_pairs:,}, "
            f"correct {self.true_positives:,})"
        )


def _pairs(sizes: Counter[Hashable]) -> int:
    return sum(n * (n - 1) // 2 for n in sizes.values())


K = TypeVar("K", bound=Hashable)


def pairwise(predicted: Mapping[K, Hashable], truth: Mapping[K, Hashable]) -> PairwiseScore:
    """Every two records in one predicted cluster is a predicted pair; counted without listing pairs."""
    return PairwiseScore(
        true_positives=_pairs(Counter((predicted[r], truth[r]) for r in truth)),
        predicted_pairs=_pairs(Counter(predicted[r] for r in truth)),
        true_pairs=_pairs(Counter(truth.values())),
    )
