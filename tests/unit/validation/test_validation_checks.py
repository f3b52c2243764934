"""Row checks across cells and rows: repeats, date window, date order, sums, references."""

from __future__ import annotations

from validation_fixtures import (
    TODAY,
    canonical_partner,
    case_row,
    enrolment_row,
    raw_from_dicts,
    session_row,
)

from pata.conform import conform
from pata.contracts import load_contract
from pata.validation.checks import check_rows

PARTNER = canonical_partner()


def run_checks(dataset: str, rows, known=None):
    contract = load_contract(dataset)
    conformed = conform(
        raw_from_dicts(dataset, rows), contract=contract, partner_dataset=PARTNER.dataset(dataset)
    )
    checks = check_rows(
        conformed, contract=contract, today=TODAY, known_references={"cases": known}
    )
    return checks, conformed


def found(checks) -> list[tuple[int, str | None, str]]:
    return sorted((p.row, p.column, p.code) for p in checks.problems)


class TestRepeats:
    """Repeats are found once, file-wide, by the validator (every batch against every
    earlier row); here on a file of one batch."""

    @staticmethod
    def repeats(rows):
        from pata.validation import validate

        result = validate(raw_from_dicts("cases", rows), partner=PARTNER, dataset="cases",
                          today=TODAY)  # fmt: skip
        problems = [p for p in result.problems if p.code.startswith("duplicate-")]
        return sorted((p.row, p.column, p.code) for p in problems), problems

    def test_exact_repeat_is_a_duplicate_row_naming_the_first(self):
        rows = [case_row(1), case_row(2), case_row(1), case_row(1)]
        found_rows, problems = self.repeats(rows)
        assert found_rows == [(4, None, "duplicate-row"), (5, None, "duplicate-row")]
        assert "repeats row 2" in problems[0].message

    def test_repeat_after_noise_is_still_a_duplicate_row(self):
        rows = [case_row(1), case_row(1, prs_Gender=" FEMININE ", cas_Status="active")]
        assert self.repeats(rows)[0] == [(3, None, "duplicate-row")]

    def test_same_id_with_different_content_is_a_duplicate_record_id(self):
        rows = [case_row(1), case_row(2), case_row(3, partner_case_id="C-00001")]
        found_rows, problems = self.repeats(rows)
        assert found_rows == [(4, "partner_case_id", "duplicate-record-id")]
        assert "row 2" in problems[0].message

    def test_the_row_checks_leave_repeats_to_the_validator(self):
        checks, _ = run_checks("cases", [case_row(1), case_row(1)])
        assert found(checks) == []


class TestDateWindow:
    def test_future_and_pre_1900_dates(self):
        rows = [
            case_row(1, prs_Birthdate="2062-07-01"),
            case_row(2, prs_Birthdate="1899-12-31"),
            case_row(3, identification_date=TODAY.isoformat(), cas_OutgoingReferralDate=None),
        ]
        checks, _ = run_checks("cases", rows)
        assert found(checks) == [
            (2, "prs_Birthdate", "future-date"),
            (3, "prs_Birthdate", "out-of-range"),
        ]


class TestDateOrder:
    def test_dates_in_the_wrong_order_are_reported_on_the_earlier_column(self):
        rows = [
            case_row(1, prs_Birthdate="2026-04-01"),
            case_row(2, cas_OutgoingReferralDate="2026-03-01"),
            case_row(3, cas_OutgoingReferralDate="2026-03-15"),
        ]
        checks, _ = run_checks("cases", rows)
        assert found(checks) == [
            (2, "prs_Birthdate", "date-order"),
            (3, "identification_date", "date-order"),
        ]

    def test_a_date_wrong_on_its_own_is_not_compared(self):
        rows = [
            case_row(1, identification_date="2062-03-15"),
            case_row(2, prs_Birthdate="2026-02-30"),
        ]
        checks, _ = run_checks("cases", rows)
        assert found(checks) == [(2, "identification_date", "future-date")]


class TestSums:
    def test_total_must_be_the_sum_of_its_parts_with_empty_counts_as_zero(self):
        rows = [
            session_row(1),
            session_row(2, participants_total="26"),
            session_row(3, participants_male_18_plus=None, participants_total="23"),
        ]
        checks, _ = run_checks("awareness_sessions", rows)
        assert found(checks) == [(3, "participants_total", "sum-mismatch")]
        assert "sum of the columns" in checks.problems[0].message

    def test_a_part_wrong_on_its_own_does_not_also_break_the_sum(self):
        rows = [
            session_row(1, participants_male_18_plus="2 pax"),
            session_row(2, participants_female_18_plus="-5"),
        ]
        checks, _ = run_checks("awareness_sessions", rows)
        assert found(checks) == []
        derived = checks.derived["participants_total__sum_of_parts"]
        assert derived.isna().all()


class TestReferences:
    def test_references_are_checked_against_the_known_ids(self):
        rows = [enrolment_row(1), enrolment_row(2), enrolment_row(3)]
        checks, _ = run_checks("rehabilitation", rows, known=lambda: {"C-00001", "C-00003"})
        assert found(checks) == [(3, "partner_case_id", "unknown-case-reference")]
        assert checks.derived["partner_case_id__known_in_cases"].tolist() == [True, False, True]

    def test_without_known_ids_the_check_is_skipped_with_a_warning(self):
        checks, _ = run_checks("rehabilitation", [enrolment_row(1)])
        assert found(checks) == []
        assert [(p.code, p.severity) for p in checks.file_problems] == [
            ("reference-check-skipped", "warning")
        ]
        assert "partner_case_id__known_in_cases" not in checks.derived
