"""OCR quality metrics: character and word error rates, digit accuracy, summaries.

Edit distances use the row-wise Levenshtein recurrence vectorised with numpy: the
insertion chain inside a row is a running minimum (``np.minimum.accumulate``), so a row
costs a handful of array operations and two 4,000-character pages take a few
hundredths of a second.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Sequence

import numpy as np

WHITESPACE = re.compile(r"\s+")
NOT_DIGIT = re.compile(r"\D+")


def normalise(text: str) -> str:
    """Whitespace runs (including line breaks) become one space; ends are stripped."""
    return WHITESPACE.sub(" ", text).strip()


def codes(text: str) -> np.ndarray:
    """The code points of ``text`` as an int64 array."""
    return np.frombuffer(text.encode("utf-32-le"), dtype=np.uint32).astype(np.int64)


def word_codes(reference: Sequence[str], hypothesis: Sequence[str]) -> tuple[np.ndarray, ...]:
    """Both word lists as arrays of shared word ids."""
    ids: dict[str, int] = {}
    ref = np.array([ids.setdefault(w, len(ids)) for w in reference], dtype=np.int64)
    hyp = np.array([ids.setdefault(w, len(ids)) for w in hypothesis], dtype=np.int64)
    return ref, hyp


def levenshtein(a: np.ndarray, b: np.ndarray) -> int:
    """Edit distance (unit insert, delete, substitute) between two integer sequences."""
    if len(a) < len(b):
        a, b = b, a  # loop over the shorter sequence, vectorise over the longer
    if len(b) == 0:
        return len(a)
    ramp = np.arange(len(a) + 1, dtype=np.int64)
    previous = ramp.copy()
    for i, symbol in enumerate(b, start=1):
        current = np.empty_like(previous)
        current[0] = i
        # deletion from above, substitution or match from the diagonal
        current[1:] = np.minimum(previous[1:] + 1, previous[:-1] + (a != symbol))
        # insertion chain along the row: min over k <= j of current[k] + (j - k)
        current = np.minimum.accumulate(current - ramp) + ramp
        previous = current
    return int(previous[-1])


def cer(reference: str, hypothesis: str) -> float:
    """Character error rate: edit distance / reference length, whitespace normalised.

    An empty reference scores 0.0 against an empty hypothesis and 1.0 otherwise.
    """
    ref, hyp = normalise(reference), normalise(hypothesis)
    if not ref:
        return 0.0 if not hyp else 1.0
    return levenshtein(codes(ref), codes(hyp)) / len(ref)


def wer(reference: str, hypothesis: str) -> float:
    """Word error rate: word-level edit distance / number of reference words."""
    ref_words, hyp_words = reference.split(), hypothesis.split()
    if not ref_words:
        return 0.0 if not hyp_words else 1.0
    ref, hyp = word_codes(ref_words, hyp_words)
    return levenshtein(ref, hyp) / len(ref_words)


def digit_accuracy(reference_digits: str, hypothesis_text: str) -> float:
    """Share of reference digits read exactly right.

    The hypothesis's digits (every other character dropped) are aligned to the reference
    digits by minimum edit distance, preferring among equally short alignments the one
    with most matches; the result is matches / len(reference_digits). Extra digits in
    the hypothesis (page numbers, years in titles) are insertions and cost nothing here.
    An empty reference scores 1.0.
    """
    ref = NOT_DIGIT.sub("", reference_digits)
    hyp = NOT_DIGIT.sub("", hypothesis_text)
    if not ref:
        return 1.0
    if not hyp:
        return 0.0
    return aligned_matches(codes(ref), codes(hyp)) / len(ref)


def aligned_matches(ref: np.ndarray, hyp: np.ndarray) -> int:
    """Matches on a minimum-edit alignment of ``ref`` to ``hyp`` (most matches on ties).

    Scores are ``edits * w - matches`` with ``w = len(ref) + 1``, so minimising the score
    minimises edits first and then maximises matches; ``matches = -score mod w``.
    """
    w = len(ref) + 1
    ramp = np.arange(len(hyp) + 1, dtype=np.int64) * w
    previous = ramp.copy()
    for i, symbol in enumerate(ref, start=1):
        step = np.where(hyp == symbol, -1, w)
        current = np.empty_like(previous)
        current[0] = i * w
        current[1:] = np.minimum(previous[1:] + w, previous[:-1] + step)
        current = np.minimum.accumulate(current - ramp) + ramp
        previous = current
    return int(-previous[-1] % w)


def percentile(ordered: Sequence[float], share: float) -> float:
    """Linear-interpolated percentile of already sorted values (share in 0..1)."""
    position = share * (len(ordered) - 1)
    low, high = math.floor(position), math.ceil(position)
    return ordered[low] + (ordered[high] - ordered[low]) * (position - low)


def summarise(values: Iterable[float]) -> dict[str, float]:
    """mean, p50, p95 and max of some values (all NaN when there are none)."""
    ordered = sorted(float(v) for v in values)
    if not ordered:
        nan = float("nan")
        return {"mean": nan, "p50": nan, "p95": nan, "max": nan}
    return {
        "mean": sum(ordered) / len(ordered),
        "p50": percentile(ordered, 0.50),
        "p95": percentile(ordered, 0.95),
        "max": ordered[-1],
    }
