"""Validate one file batch by batch, in bounded memory, with the verdict of the whole file.

:class:`FileValidator` takes the :class:`~pata.readers.model.RawTable` batches of one file
(``pata.readers.iter_raw_batches``) one at a time and keeps only file-wide state that holds
no value: the 64-bit hashes of the rows and record ids seen (for ``duplicate-row`` and
``duplicate-record-id`` across batches), running counts (rows read, invalid rows, the
GX counts), the header checks of the first batch, and the problems found, at most
``max_listed`` per code (the rest are counted, so a huge file of bad rows cannot exhaust
memory). :meth:`FileValidator.add` returns the valid rows of a batch;
:meth:`FileValidator.finish` decides the file (:mod:`pata.validation.verdict`). A file read
whole is one batch (:func:`validate`): there is no other validator.

Hashes are 64-bit: two different rows (or ids) of one file share a hash with a probability
of about n^2 / 2^65 (one in a million for five million rows).

Over 400 lines on purpose: the file-wide state and the per-batch steps that update it
belong together; the row checks, the GX run and the verdict are modules of their own.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from datetime import date
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from pata import clock
from pata.contracts import load_contract
from pata.readers.model import ROW_COLUMN, RawTable
from pata.validation.gx_tally import GxTally
from pata.validation.problems import (
    EMPTY_FILE_MESSAGE,
    PROBLEM_KINDS,
    Problem,
    file_problem,
    sort_problems,
    where,
)
from pata.validation.suites import PLAUSIBLE_ROWS
from pata.validation.verdict import (
    BLOCKER_ORDER,
    ValidationResult,
    better_dataset,
    file_blockers,
    from_reader_problems,
    rejected_result,
    too_many_invalid,
    volume_problems,
    wrong_dataset,
)

if TYPE_CHECKING:
    from pata.conform import Conformed
    from pata.registry import Partner

log = logging.getLogger(__name__)

MAX_LISTED_PER_CODE = 1000
"""How many problems of one code a :class:`FileValidator` keeps; the rest are counted."""


class _FirstSeen:
    """Sorted 64-bit hashes of a file and the row each was first seen in (no value)."""

    def __init__(self) -> None:
        self.keys = np.empty(0, dtype=np.uint64)
        self.rows = np.empty(0, dtype=np.int64)

    def first_rows(self, keys: np.ndarray, rows: np.ndarray) -> np.ndarray:
        """The file-wide first row of each key (rows ascend), remembering the new keys."""
        if not len(keys):
            return np.empty(0, dtype=np.int64)
        in_batch = pd.Series(rows).groupby(keys).transform("min").to_numpy(dtype=np.int64)
        at = np.searchsorted(self.keys, keys)
        inside = at < len(self.keys)
        found = np.zeros(len(keys), dtype=bool)
        found[inside] = self.keys[at[inside]] == keys[inside]
        first = in_batch.copy()
        first[found] = self.rows[at[found]]
        new_keys, where_new = np.unique(keys[~found], return_index=True)
        if len(new_keys):
            keys_all = np.concatenate([self.keys, new_keys])
            rows_all = np.concatenate([self.rows, in_batch[~found][where_new]])
            order = np.argsort(keys_all, kind="stable")
            self.keys, self.rows = keys_all[order], rows_all[order]
        return first


class FileValidator:
    """Validate the batches of one file in order; :meth:`finish` gives the file's result.

    ``known_case_ids`` is as for :func:`validate` (called once); ``known_case_ids_of``
    instead gives, per batch, the supplier of the known ids among that batch's ids.

    The result's ``valid`` frame is empty: the valid rows of each batch are returned by
    :meth:`add`, for de-identification and loading batch by batch.
    """

    def __init__(
        self,
        *,
        partner: Partner,
        dataset: str,
        known_case_ids: Callable[[], set[str]] | None = None,
        known_case_ids_of: Callable[[RawTable], Callable[[], set[str]]] | None = None,
        reject_invalid_share: float = 0.5,
        today: date | None = None,
        max_listed: int = MAX_LISTED_PER_CODE,
    ) -> None:
        self.partner = partner
        self.dataset = dataset
        self.contract = load_contract(dataset)
        self.spec = partner.dataset(dataset)
        self.today = today or clock.today(partner.timezone)
        self.reject_invalid_share = reject_invalid_share
        self.max_listed = max_listed
        self._known_supplier = known_case_ids
        self._known_of = known_case_ids_of
        self._known: set[str] | None = None
        self._batches = 0
        self._wrong: Problem | None = None
        self._header_blockers: list[str] = []
        self._file_problems: list[Problem] = []
        self._problems: list[Problem] = []
        self._listed: dict[str, int] = {}
        self._unlisted: dict[tuple[str, str | None, str], int] = {}
        self._rows_seen = _FirstSeen()
        self._ids_seen = _FirstSeen()
        self._gx = GxTally(dataset)
        self._any_unread = False
        # GX's uniqueness counts (every row of a repeated group) over the whole file.
        self._repeated = {"duplicate-row": 0, "duplicate-record-id": 0}
        self._firsts: dict[str, set[int]] = {"duplicate-row": set(), "duplicate-record-id": set()}
        self.rows_total = 0
        self.rows_invalid = 0
        self._rows_unchecked = 0
        self._started = time.perf_counter()

    @property
    def blocker(self) -> str | None:
        """A blocker already certain: a header blocker of the first batch, or too many rows."""
        if self._wrong is not None:
            return self._wrong.code
        if self._header_blockers:
            return self._header_blockers[0]
        if self.rows_total > PLAUSIBLE_ROWS[self.dataset]:
            return "implausible-volume"
        return None

    def _known_ids(self) -> set[str]:
        if self._known is None:
            assert self._known_supplier is not None
            self._known = self._known_supplier()
        return self._known

    def _keep(self, problems: list[Problem]) -> None:
        for problem in problems:
            listed = self._listed.get(problem.code, 0)
            if listed < self.max_listed:
                self._listed[problem.code] = listed + 1
                self._problems.append(problem)
            else:
                key = (problem.code, problem.column, problem.severity)
                self._unlisted[key] = self._unlisted.get(key, 0) + 1

    def add(self, raw: RawTable) -> pd.DataFrame:
        """Validate one batch; its valid rows (conformed), empty once the file is blocked."""
        from pata.conform import conform
        from pata.validation.checks import EARLIEST_PLAUSIBLE_DATE, check_rows
        from pata.validation.gx_run import check_frame, run_suite

        if self.blocker == "implausible-volume":
            # Far more rows than a file of this dataset holds: the rest is counted, not
            # checked, so the work stays bounded by the plausible size, not the file's.
            self.rows_total += raw.table.num_rows
            self._rows_unchecked += raw.table.num_rows
            return pd.DataFrame()
        first = self._batches == 0
        self._batches += 1
        conformed = conform(raw, contract=self.contract, partner_dataset=self.spec)
        reader_problems = from_reader_problems(raw.problems, conformed)
        if first:
            self._file_problems += conformed.header_problems
            other = better_dataset(
                raw.headers, partner=self.partner, dataset=self.dataset, conformed=conformed
            )
            if other is not None:
                self._wrong = wrong_dataset(dataset=self.dataset, other=other)
        rows_in_table = set(conformed.frame[ROW_COLUMN].tolist())
        unread_rows = {
            p.row for p in reader_problems if p.severity == "error" and p.row and p.row > 1
        } - rows_in_table
        self._any_unread |= bool(unread_rows)
        self.rows_total += len(conformed.frame) + len(unread_rows)
        self._file_problems += [p for p in reader_problems if p.row is None or p.row <= 1]
        row_reader = [p for p in reader_problems if p.row is not None and p.row > 1]
        if self._wrong is not None:
            self._keep(row_reader)
            return conformed.frame.iloc[0:0]
        known: Callable[[], set[str]] | None = None
        if self._known_of is not None:
            known = self._known_of(raw)  # this batch's ids only, looked up once
        elif self._known_supplier is not None:
            known = self._known_ids
        checks = check_rows(
            conformed,
            contract=self.contract,
            today=self.today,
            known_references={"cases": known},
        )
        frame = check_frame(conformed, contract=self.contract, derived=checks.derived)
        gx = run_suite(
            frame, contract=self.contract, earliest=EARLIEST_PLAUSIBLE_DATE, latest=self.today
        )
        del frame
        self._gx.add(gx.summary, gx.validation_result)
        if first:
            self._file_problems += checks.file_problems
            self._header_blockers = file_blockers(self._file_problems, gx=gx.summary)
        rows = conformed.frame[ROW_COLUMN].to_numpy()
        row_problems = [
            *conformed.problems,
            *checks.problems,
            *self._repeats(conformed, rows),
            *row_reader,
        ]
        invalid_rows = {p.row for p in row_problems if p.severity == "error" and p.row is not None}
        self.rows_invalid += len(invalid_rows)
        self._keep(row_problems)
        if self.blocker is not None:
            return conformed.frame.iloc[0:0]
        keep = ~conformed.frame[ROW_COLUMN].isin(invalid_rows)
        return conformed.frame[keep].reset_index(drop=True)

    def _repeats(self, conformed: Conformed, rows: np.ndarray) -> list[Problem]:
        """``duplicate-row`` and ``duplicate-record-id`` against every earlier row of the file."""
        text = conformed.text
        if (text.empty and not len(text.columns)) or not len(rows):
            return []
        hashes = pd.util.hash_pandas_object(text, index=False).to_numpy()
        first_of_row = self._rows_seen.first_rows(hashes, rows)
        repeated_row = first_of_row != rows
        self._count_group("duplicate-row", first_of_row[repeated_row])
        fix = PROBLEM_KINDS["duplicate-row"].fix
        problems = [
            Problem(
                code="duplicate-row",
                row=int(rows[p]),
                column=None,
                severity="error",
                message=f"{where(row=int(rows[p]), column=None, header=None)}: "
                f"the row repeats row {int(first_of_row[p])} exactly.",
                fix=fix,
            )
            for p in np.flatnonzero(repeated_row).tolist()
        ]
        record_id = self.contract.record_id
        if record_id not in text.columns:
            return problems
        ids = text[record_id]
        known = ids.notna().to_numpy()
        first_of_id = np.full(len(ids), -1, dtype=np.int64)
        if known.any():
            id_hashes = pd.util.hash_pandas_object(ids[known], index=False).to_numpy()
            first_of_id[known] = self._ids_seen.first_rows(id_hashes, rows[known])
        self._count_group("duplicate-record-id", first_of_id[known & (first_of_id != rows)])
        repeated_id = known & (first_of_id != rows) & ~repeated_row
        header = conformed.headers.get(record_id, record_id)
        fix = PROBLEM_KINDS["duplicate-record-id"].fix
        problems += [
            Problem(
                code="duplicate-record-id",
                row=int(rows[p]),
                column=record_id,
                severity="error",
                message=f"{where(row=int(rows[p]), column=record_id, header=header)}: "
                f"the same record id is used by row {int(first_of_id[p])}, "
                "whose content is different.",
                fix=fix,
            )
            for p in np.flatnonzero(repeated_id).tolist()
        ]
        return problems

    def _count_group(self, code: str, firsts: np.ndarray) -> None:
        """Count repeats and, once each, the first rows they repeat (as GX counts)."""
        new = set(firsts.tolist()) - self._firsts[code]
        self._firsts[code] |= new
        self._repeated[code] += len(firsts) + len(new)

    def finish(self) -> ValidationResult:
        """The file's verdict, problems and counts, as :func:`validate` gives them."""
        elapsed = time.perf_counter() - self._started
        unlisted = self._unlisted_problems()
        if self._wrong is not None or not self._gx.batches:
            wrong = self._wrong or file_problem("empty-file", EMPTY_FILE_MESSAGE)
            result = rejected_result(
                self.contract,
                problems=[wrong, *self._file_problems, *self._problems, *unlisted],
                blocker=wrong.code,
                rows_total=self.rows_total,
                gx_results={"skipped": wrong.code},
            )
            result.unlisted = self._unlisted_counts()
            return result
        gx, document = self._gx.settle(repeated=self._repeated, unchecked_rows=self._rows_unchecked)
        file_problems = list(self._file_problems)
        volume = volume_problems(gx, dataset=self.dataset)
        if self._any_unread:
            volume = [p for p in volume if p.code != "empty-file"]
        file_problems += volume
        blockers = file_blockers(file_problems, gx=gx)
        total, invalid = self.rows_total, self.rows_invalid
        if not blockers and total and invalid / total > self.reject_invalid_share:
            share = too_many_invalid(invalid, total, threshold=self.reject_invalid_share)
            file_problems.append(share)
            blockers = [share.code]
        gx_results = {**gx, "validation_result": document}
        problems = sort_problems([*file_problems, *self._problems])
        listed_total = len(problems) + sum(self._unlisted.values())
        if blockers:
            blocker = min(blockers, key=BLOCKER_ORDER.index)
            log.info(
                "%s file rejected (%s): %s rows, %s invalid, %s batches, %.1f s",
                self.dataset,
                blocker,
                total,
                invalid,
                self._batches,
                elapsed,
            )
            result = rejected_result(
                self.contract,
                problems=[*problems, *unlisted],
                blocker=blocker,
                rows_total=total,
                gx_results=gx_results,
            )
            result.unlisted = self._unlisted_counts()
            return result
        log.info(
            "%s file accepted: %s rows, %s valid, %s quarantined, %s problems, %s batches, %.1f s",
            self.dataset,
            total,
            total - invalid,
            invalid,
            listed_total,
            self._batches,
            elapsed,
        )
        return ValidationResult(
            dataset=self.dataset,
            contract_version=self.contract.version,
            verdict="accepted",
            blocker=None,
            rows_total=total,
            rows_valid=total - invalid,
            rows_invalid=invalid,
            valid=pd.DataFrame(),
            problems=sort_problems([*problems, *unlisted]),
            gx_results=gx_results,
            unlisted=self._unlisted_counts(),
        )

    def _unlisted_counts(self) -> dict[tuple[str, str], int]:
        counts: dict[tuple[str, str], int] = {}
        for (code, column, _severity), count in self._unlisted.items():
            counts[(code, column or "")] = counts.get((code, column or ""), 0) + count
        return counts

    def _unlisted_problems(self) -> list[Problem]:
        """One summary problem per (code, column) whose problems were counted, not kept."""
        found = []
        for (code, column, severity), count in self._unlisted.items():
            kind = PROBLEM_KINDS.get(code)
            found.append(
                Problem(
                    code=code,
                    row=None,
                    column=column,
                    severity="warning" if severity == "warning" else "error",
                    message=f"{where(row=None, column=column, header=None)}: {count} more "
                    f"problems of this kind, beyond the first {self.max_listed}, are not "
                    "listed one by one.",
                    fix=kind.fix if kind is not None else "",
                )
            )
        return found


def validate(
    raw: RawTable,
    *,
    partner: Partner,
    dataset: str,
    known_case_ids: Callable[[], set[str]] | None = None,
    reject_invalid_share: float = 0.5,
    today: date | None = None,
) -> ValidationResult:
    """Validate a file read as one table (one batch): the result holds its valid rows.

    ``known_case_ids`` returns the partner's known case numbers as written in the files
    (a rehabilitation row must refer to one); without it that check is skipped with a
    warning. ``today`` (default: today in the partner's timezone) bounds every date.
    """
    validator = FileValidator(
        partner=partner,
        dataset=dataset,
        known_case_ids=known_case_ids,
        reject_invalid_share=reject_invalid_share,
        today=today,
    )
    valid = validator.add(raw)
    result = validator.finish()
    if result.verdict == "accepted":
        result.valid = valid
    return result
