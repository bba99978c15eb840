"""The real-world benchmark's measures: what each one counts, on small known cases."""

from __future__ import annotations

import math

from bench.realworld import FileResult, markdown, relative_recall, share, words


def result(name: str, ocrmypdf_recall: float, pustaka_recall: float, ok: bool = True) -> FileResult:
    return FileResult(
        name=name,
        what="test",
        ocrmypdf_ok=ok,
        pustaka_ok=True,
        ocrmypdf_words=10,
        pustaka_words=10,
        share=0.9,
        true_share=1.0,
        ocrmypdf_cer=0.1,
        pustaka_cer=0.05,
        ocrmypdf_seconds=1.0,
        pustaka_seconds=1.0,
        ocrmypdf_recall=ocrmypdf_recall,
        pustaka_recall=pustaka_recall,
    )


def test_share_of_ocrmypdfs_words_counts_multiplicity_and_caps_at_one() -> None:
    reference = words("Padang Pariaman pariaman 2023")
    assert share(reference, words("Pariaman 2023")) == 0.5
    assert share(reference, words("padang pariaman pariaman pariaman 2023 extra")) == 1.0


def test_relative_recall_rewards_reading_the_truth_not_copying_misreads() -> None:
    # ocrmypdf found 70 % of the ground truth, Pustaka 74 %: better, above 100 %.
    assert math.isclose(relative_recall(result("dot", 0.70, 0.74)), 0.74 / 0.70)
    assert relative_recall(result("same", 0.9, 0.9)) == 1.0
    assert relative_recall(result("worse", 1.0, 0.93)) == 0.93
    assert math.isnan(relative_recall(result("ocrmypdf failed", math.nan, 1.0, ok=False)))


def test_report_gives_the_relative_measure_per_file_and_its_mean_and_lowest() -> None:
    report = markdown(
        [
            result("a.png", 0.5, 0.6),
            result("b.png", 1.0, 0.98),
            result("c.png", math.nan, 1.0, ok=False),
        ],
        "2026-12-03 09:30 UTC",
        (0.5, 0.5),
    )
    assert "| a.png | test |" in report
    assert "| 120.0% |" in report
    assert "| 98.0% |" in report
    assert "Pustaka ÷ ocrmypdf per file: mean 109.0%, lowest 98.0%." in report
