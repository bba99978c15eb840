"""The satisfaction survey: one answer per visit, anonymous answers, the IKM numbers."""

from __future__ import annotations

import csv
import io
from datetime import date, timedelta
from decimal import Decimal

import pytest

from feedback.errors import (
    RatingError,
    SurveyAlreadyAnsweredError,
    SurveyLinkError,
    SurveyPeriodError,
)
from feedback.models import ELEMENT_CODES, SurveyReceipt, SurveyResponse
from feedback.selectors import ikm_report, ikm_report_csv, period_parse
from feedback.selectors.ikm import ikm_category
from feedback.services import survey as survey_services
from feedback.services import survey_invitation_check, survey_invitation_issue, survey_submit
from tests.feedback.conftest import MORNING
from visitors.models import Visit

pytestmark = pytest.mark.django_db

# A hand-computed example: four respondents, elements U1…U9.
HAND_EXAMPLE = [
    [4, 4, 3, 4, 3, 4, 4, 3, 3],
    [3, 4, 3, 4, 3, 3, 4, 3, 2],
    [4, 3, 2, 4, 3, 4, 4, 2, 3],
    [3, 3, 3, 4, 4, 4, 3, 3, 3],
]
# Column sums 14 14 11 16 13 15 15 11 11 over 4 respondents:
HAND_NRR = ["3.50", "3.50", "2.75", "4.00", "3.25", "3.75", "3.75", "2.75", "2.75"]
# (3.50+3.50+2.75+4.00+3.25+3.75+3.75+2.75+2.75) / 9 × 25 = 30 / 9 × 25 = 83.33 → B (Baik)


def _ratings(values: list[int]) -> dict[str, object]:
    return dict(zip(ELEMENT_CODES, values, strict=True))


def test_the_ikm_of_the_hand_computed_example() -> None:
    for values in HAND_EXAMPLE:
        survey_submit(ratings=_ratings(values), now=MORNING)
    report = ikm_report(period=period_parse("2026-03"))
    assert report.respondents == 4
    assert [str(element.nrr) for element in report.elements] == HAND_NRR
    assert report.ikm == Decimal("83.33")
    assert (report.category, report.category_id, report.category_en) == ("B", "Baik", "Good")


def test_extremes_are_25_and_100() -> None:
    survey_submit(ratings=_ratings([4] * 9), now=MORNING)
    assert ikm_report(period=period_parse("2026-03")).ikm == Decimal("100.00")
    survey_submit(ratings=_ratings([1] * 9), now=MORNING.replace(month=4))
    april = ikm_report(period=period_parse("2026-04"))
    assert (april.ikm, april.category) == (Decimal("25.00"), "D")


@pytest.mark.parametrize(
    ("ikm", "category"),
    [
        ("100.00", "A"),
        ("88.31", "A"),
        ("88.30", "B"),
        ("76.61", "B"),
        ("76.60", "C"),
        ("65.00", "C"),
        ("64.99", "D"),
        ("25.00", "D"),
    ],
)
def test_quality_categories_follow_the_conversion_table(ikm: str, category: str) -> None:
    assert ikm_category(Decimal(ikm))[0] == category


def test_periods_months_and_quarters() -> None:
    assert period_parse("2026-02").end == date(2026, 2, 28)
    quarter = period_parse("2026-T4")
    assert (quarter.code, quarter.start, quarter.end) == (
        "2026-Q4",
        date(2026, 10, 1),
        date(2026, 12, 31),
    )
    for bad in ["2026-13", "2026", "Maret", "2026-Q5", ""]:
        with pytest.raises(SurveyPeriodError):
            period_parse(bad)


def test_a_quarter_counts_its_three_months_only() -> None:
    for month in (1, 3, 4):
        survey_submit(ratings=_ratings([3] * 9), now=MORNING.replace(month=month))
    assert ikm_report(period=period_parse("2026-Q1")).respondents == 2
    empty = ikm_report(period=period_parse("2025-Q1"))
    assert (empty.respondents, empty.ikm, empty.category) == (0, None, "")


def test_csv_export_carries_the_numbers() -> None:
    for values in HAND_EXAMPLE:
        survey_submit(ratings=_ratings(values), now=MORNING)
    rows = list(csv.reader(io.StringIO(ikm_report_csv(period=period_parse("2026-03")))))
    assert rows[0] == ["bagian", "kode", "label", "nilai"]
    values = {(row[0], row[1]): row[3] for row in rows[1:]}
    assert values[("ringkasan", "responden")] == "4"
    assert [values[("nrr", f"U{n}")] for n in range(1, 10)] == HAND_NRR
    assert values[("ringkasan", "ikm")] == "83.33"
    assert values[("ringkasan", "mutu")] == "B"


@pytest.mark.parametrize(
    "ratings",
    [
        _ratings([4] * 8 + [5]),
        _ratings([4] * 8 + [0]),
        {code: 3 for code in ELEMENT_CODES[:8]},
        _ratings([4] * 8 + ["tiga"]),  # type: ignore[list-item]
        _ratings([4] * 8 + [True]),  # type: ignore[list-item]
    ],
)
def test_bad_ratings_are_refused_and_nothing_stored(ratings: dict[str, object]) -> None:
    with pytest.raises(RatingError) as caught:
        survey_submit(ratings=ratings)
    assert "1 sampai 4" in caught.value.message_id
    assert "1 to 4" in caught.value.message_en
    assert not SurveyResponse.objects.exists()


def test_a_visit_answers_once_and_the_answer_carries_no_visit(visit: Visit) -> None:
    invitation = survey_invitation_issue(visit_id=visit.pk, now=MORNING)
    assert survey_invitation_issue(visit_id=visit.pk).token == invitation.token
    answer = survey_submit(
        ratings=_ratings([4] * 9), comment="Bagus", token=invitation.token, now=MORNING
    )
    assert answer.source == "visit"
    answer_fields = {field.name for field in SurveyResponse._meta.get_fields()}
    assert answer_fields == {"id", "submitted_on", "source", "comment", *ELEMENT_CODES}
    with pytest.raises(SurveyAlreadyAnsweredError):
        survey_submit(ratings=_ratings([1] * 9), token=invitation.token, now=MORNING)
    assert SurveyResponse.objects.count() == 1


def test_two_racing_submissions_for_one_visit_store_one_answer(
    visit: Visit, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Both requests pass the "not yet answered" check before either has written."""
    invitation = survey_invitation_issue(visit_id=visit.pk, now=MORNING)
    monkeypatch.setattr(
        survey_services, "survey_invitation_check", lambda *, token, now: invitation
    )
    survey_submit(ratings=_ratings([4] * 9), token=invitation.token, now=MORNING)
    with pytest.raises(SurveyAlreadyAnsweredError):
        survey_submit(ratings=_ratings([2] * 9), token=invitation.token, now=MORNING)
    assert SurveyReceipt.objects.count() == 1
    assert list(SurveyResponse.objects.values_list("u1", flat=True)) == [4]


def test_unknown_and_expired_tokens_are_refused(visit: Visit) -> None:
    invitation = survey_invitation_issue(visit_id=visit.pk, now=MORNING)
    with pytest.raises(SurveyLinkError):
        survey_invitation_check(token="tidak-ada")
    with pytest.raises(SurveyLinkError):
        survey_invitation_check(token=invitation.token, now=MORNING + timedelta(days=15))
    with pytest.raises(SurveyLinkError):
        survey_submit(ratings=_ratings([4] * 9), token="")
    assert not SurveyResponse.objects.exists()


def test_the_public_link_may_answer_without_a_token() -> None:
    answer = survey_submit(ratings=_ratings([3] * 9), comment="  Ruangan nyaman  ")
    assert (answer.source, answer.comment) == ("public", "Ruangan nyaman")
