"""OCR metrics on known pairs, against a plain reference implementation, and their speed."""

from __future__ import annotations

import math
import random
import time

import pytest

from bench.metrics import cer, digit_accuracy, summarise, wer


def slow_levenshtein(a: str, b: str) -> int:
    """The textbook dynamic programme, for cross-checking."""
    previous = list(range(len(b) + 1))
    for i, ca in enumerate(a, start=1):
        current = [i]
        for j, cb in enumerate(b, start=1):
            current.append(min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (ca != cb)))
        previous = current
    return previous[-1]


def test_cer_on_known_pairs() -> None:
    assert cer("abc", "abd") == pytest.approx(1 / 3)
    assert cer("abc", "abc") == 0.0
    assert cer("abc", "") == 1.0
    assert cer("abc", "abcabc") == 1.0  # insertions count: CER can pass 1
    assert cer("", "") == 0.0
    assert cer("", "x") == 1.0
    assert cer("Kota  Pariaman\n\nDalam Angka ", " Kota Pariaman Dalam\tAngka") == 0.0
    assert cer("Jumlah 1.234,56", "Jumlah 1,234.56") == pytest.approx(2 / 15)


def test_cer_agrees_with_textbook_levenshtein() -> None:
    rng = random.Random(3)
    for _ in range(300):
        a = "".join(rng.choice("ab c,.1") for _ in range(rng.randint(1, 25))).strip() or "a"
        b = "".join(rng.choice("ab c,.1") for _ in range(rng.randint(0, 25)))
        ref, hyp = " ".join(a.split()), " ".join(b.split())
        assert cer(a, b) == pytest.approx(slow_levenshtein(ref, hyp) / len(ref))


def test_wer_counts_words() -> None:
    assert wer("jumlah penduduk kota pariaman", "jumlah penduduk kota pariaman") == 0.0
    assert wer("jumlah penduduk kota pariaman", "jumlah pendudk kota pariaman") == 0.25
    assert wer("a b c d", "a c d") == 0.25
    assert wer("", "") == 0.0


def test_digit_accuracy() -> None:
    assert digit_accuracy("0123456789", "0123456789") == 1.0
    assert digit_accuracy("0123456789", "01234 56780") == pytest.approx(0.9)  # one wrong
    assert digit_accuracy("0123456789", "012345679") == pytest.approx(0.9)  # one lost
    # separators, words and extra numbers (titles, page numbers) are not held against it
    assert digit_accuracy("1234597", "Tabel 3.1 ... 12.345 97,00? hal. 20") == 1.0
    assert digit_accuracy("1111", "11") == 0.5
    assert digit_accuracy("123", "") == 0.0
    assert digit_accuracy("", "123") == 1.0


def test_summarise() -> None:
    stats = summarise([0.1, 0.2, 0.3, 0.4])
    assert stats["mean"] == pytest.approx(0.25)
    assert stats["p50"] == pytest.approx(0.25)
    assert stats["p95"] == pytest.approx(0.385)
    assert stats["max"] == 0.4
    assert summarise([0.5]) == {"mean": 0.5, "p50": 0.5, "p95": 0.5, "max": 0.5}
    assert all(math.isnan(v) for v in summarise([]).values())


def test_cer_is_fast_on_page_sized_text() -> None:
    rng = random.Random(9)
    reference = "".join(rng.choice("abcdefghijklmnopqrstuvwxyz 0123456789.,") for _ in range(4000))
    hypothesis = list(reference)
    for _ in range(300):
        hypothesis[rng.randrange(len(hypothesis))] = rng.choice("xyz")
    started = time.perf_counter()
    value = cer(reference, "".join(hypothesis))
    elapsed = time.perf_counter() - started
    assert 0 < value < 0.1
    assert elapsed < 0.5
