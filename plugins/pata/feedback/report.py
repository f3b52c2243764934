"""The feedback report of one partner file: what happened to it and what to fix, value-free.

A report is built from a :class:`~pata.validation.ValidationResult` (or, for a file
rejected before validation, from the blocking problems alone). It holds the status, the
counts and every problem grouped by code and column, with row numbers and a fix; it never
holds a cell value, because problems never do.

A report speaks the partner's languages (registry ``languages`` with a catalogue, see
:mod:`pata.feedback.i18n`) with English alongside: the English texts are the report's
fields, and ``translations`` holds, per other language, the headline, next steps and
problem titles. A workbook read in a layout (the HTCDS toolkit) also says how each of its
columns was read (``columns_read``), from the reader's ``column-mapped`` notes.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import asdict, dataclass, field
from typing import TYPE_CHECKING, Any, Protocol

from pata import clock
from pata.feedback.i18n import (
    ENGLISH,
    N_,
    Translate,
    partner_languages,
    report_languages,
    translator,
)
from pata.validation.problems import PROBLEM_KINDS, Problem, sort_problems, title_of

if TYPE_CHECKING:
    from pata.validation.verdict import ValidationResult

SCHEMA = "pata.feedback/1"
MAX_LISTED_PROBLEMS = 10_000
"""Problems listed one by one in the JSON report; the rest are counted in their group."""

COLUMN_NOTE_CODE = "column-mapped"
"""The reader's notes on how a layout's columns were read: listed apart, not as problems."""

_HEADLINES: Mapping[str, str] = {
    "loaded": N_("Your file was accepted and every row was loaded."),
    "partially_loaded": N_(
        "Your file was accepted, but some rows have problems and were not loaded."
    ),
    "rejected": N_("Your file was not loaded."),
    "duplicate": N_("This file was already received; nothing was changed."),
    "superseded": N_("A later file for the same period replaced this one."),
    "received": N_("Your file was received and is being processed."),
    "accepted": N_("This file would be accepted."),
    "would-be-rejected": N_("This file would be rejected."),
}


class _ProblemLike(Protocol):
    """What a reader's ``FileProblem`` and a validation ``Problem`` share."""

    @property
    def code(self) -> str: ...

    @property
    def message(self) -> str: ...

    @property
    def row(self) -> int | None: ...

    @property
    def column(self) -> str | None: ...


@dataclass(frozen=True)
class ColumnProblems:
    """The problems of one code in one column: how many, which rows, what to do."""

    column: str | None
    count: int
    rows: list[int]
    message: str
    fix: str


@dataclass(frozen=True)
class ProblemGroup:
    """Every problem of one code, by column."""

    code: str
    title: str
    severity: str
    count: int
    blocks_file: bool
    columns: list[ColumnProblems]


@dataclass(frozen=True)
class FeedbackReport:
    """The feedback report of one file (rendered as JSON and HTML; see ``render``)."""

    partner: str
    dataset: str
    filename: str
    ledger_id: int | None
    sha256: str | None
    status: str
    verdict: str
    blocker: str | None
    contract_version: str | None
    generated_at: str
    headline: str
    next_steps: list[str]
    counts: dict[str, int]
    groups: list[ProblemGroup]
    problems: list[dict[str, Any]] = field(default_factory=list)
    problems_listed: int = 0
    problems_total: int = 0
    columns_read: list[str] = field(default_factory=list)
    languages: list[str] = field(default_factory=lambda: [ENGLISH])
    """The report's languages, the partner's first; English is always last."""
    translations: dict[str, dict[str, Any]] = field(default_factory=dict)
    """Language -> ``headline``, ``next_steps``, ``titles`` (code -> title) and ``fixes``
    (English standard fix -> the fix in that language)."""
    schema: str = SCHEMA

    def to_dict(self) -> dict[str, Any]:
        """The JSON-ready form of the report."""
        return asdict(self)

    @property
    def errors(self) -> int:
        """How many error-level problems the file has."""
        return sum(group.count for group in self.groups if group.severity == "error")

    @property
    def warnings(self) -> int:
        """How many warnings the file has."""
        return sum(group.count for group in self.groups if group.severity == "warning")


def build_report(
    *,
    result: ValidationResult | None,
    partner: str,
    dataset: str,
    filename: str,
    ledger_id: int | None,
    status: str,
    sha256: str | None,
    blocker_problems: Sequence[Problem | _ProblemLike] = (),
    counts: Mapping[str, int] | None = None,
    languages: Sequence[str] | None = None,
) -> FeedbackReport:
    """Build the report of one file, from its validation result or its blocking problems.

    ``result`` is None for a file rejected before validation (unknown partner or dataset,
    unsupported or unreadable file, too large); ``blocker_problems`` then say why, the
    first one being the blocker. ``counts`` adds the ledger's counts (rows loaded, rows
    withheld for lack of consent). ``languages`` (default: the partner's, from the
    registry) chooses the report's languages; English is always one of them.
    """
    extra = _as_problems(blocker_problems)
    everything = sort_problems([*(result.problems if result else []), *extra])
    columns_read = [p.message for p in everything if p.code == COLUMN_NOTE_CODE]
    problems = [p for p in everything if p.code != COLUMN_NOTE_CODE]
    all_counts: dict[str, int] = {}
    if result is not None:
        all_counts.update(
            rows_total=result.rows_total,
            rows_valid=result.rows_valid,
            rows_invalid=result.rows_invalid,
        )
    all_counts.update(counts or {})
    verdict = result.verdict if result is not None else _verdict_of(status)
    blocker = result.blocker if result is not None else (extra[0].code if extra else None)
    groups = group_problems(problems)
    listed = problems[:MAX_LISTED_PROBLEMS]
    chosen = report_languages(partner_languages(partner) if languages is None else languages)
    english = translator(ENGLISH)
    return FeedbackReport(
        partner=partner,
        dataset=dataset,
        filename=filename,
        ledger_id=ledger_id,
        sha256=sha256,
        status=status,
        verdict=verdict,
        blocker=blocker,
        contract_version=result.contract_version if result is not None else None,
        generated_at=clock.now().replace(microsecond=0).isoformat(),
        headline=_headline(status, verdict=verdict, blocker=blocker, _=english),
        next_steps=_next_steps(
            status, verdict=verdict, blocker=blocker, counts=all_counts, _=english
        ),
        counts=all_counts,
        groups=groups,
        problems=[asdict(problem) for problem in listed],
        problems_listed=len(listed),
        # Beyond the listed problems per code, a summary problem stands for the rest.
        problems_total=len(problems)
        + (sum(result.unlisted.values()) - len(result.unlisted) if result is not None else 0),
        columns_read=columns_read,
        languages=chosen,
        translations={
            language: _translated(
                translator(language),
                status=status,
                verdict=verdict,
                blocker=blocker,
                counts=all_counts,
                codes=[group.code for group in groups],
            )
            for language in chosen
            if language != ENGLISH
        },
    )


def _translated(
    _: Translate,
    *,
    status: str,
    verdict: str,
    blocker: str | None,
    counts: Mapping[str, int],
    codes: Sequence[str],
) -> dict[str, Any]:
    """The report's own texts in one language: headline, next steps, the title of each
    problem code and its standard fix (English fix -> translated); the messages of single
    problems, built from positions and column names, stay in English."""
    return {
        "headline": _headline(status, verdict=verdict, blocker=blocker, _=_),
        "next_steps": _next_steps(status, verdict=verdict, blocker=blocker, counts=counts, _=_),
        "titles": {code: _(title_of(code)) for code in codes},
        "fixes": {
            kind.fix: _(kind.fix) for code in codes if (kind := PROBLEM_KINDS.get(code)) is not None
        },
    }


def group_problems(problems: Iterable[Problem]) -> list[ProblemGroup]:
    """Group problems by code (blockers, then errors, then warnings), then by column."""
    by_code: dict[str, dict[str | None, list[Problem]]] = {}
    for problem in problems:
        by_code.setdefault(problem.code, {}).setdefault(problem.column, []).append(problem)
    groups = []
    for code, columns in by_code.items():
        found = [p for listed in columns.values() for p in listed]
        severity = "error" if any(p.severity == "error" for p in found) else "warning"
        kind = PROBLEM_KINDS.get(code)
        groups.append(
            ProblemGroup(
                code=code,
                title=title_of(code),
                severity=severity,
                count=len(found),
                blocks_file=bool(kind and kind.blocks_file and severity == "error"),
                columns=[
                    ColumnProblems(
                        column=column,
                        count=len(listed),
                        rows=sorted({p.row for p in listed if p.row is not None and p.row > 1}),
                        message=listed[0].message,
                        fix=listed[0].fix,
                    )
                    for column, listed in columns.items()
                ],
            )
        )
    groups.sort(key=lambda g: (not g.blocks_file, g.severity != "error", -g.count, g.code))
    return groups


def _as_problems(found: Sequence[Problem | _ProblemLike]) -> list[Problem]:
    """Problems from validation as they are; a reader's problems made into problems."""
    problems = []
    for index, item in enumerate(found):
        if isinstance(item, Problem):
            problems.append(item)
            continue
        kind = PROBLEM_KINDS.get(item.code)
        problems.append(
            Problem(
                code=item.code,
                row=item.row,
                column=item.column,
                severity="error" if index == 0 else "warning",
                message=item.message,
                fix=kind.fix if kind is not None else item.message,
            )
        )
    return problems


def _verdict_of(status: str) -> str:
    return "accepted" if status in ("loaded", "partially_loaded", "accepted") else "rejected"


def _headline(status: str, *, verdict: str, blocker: str | None, _: Translate) -> str:
    english = _HEADLINES.get(status) or (
        _HEADLINES["accepted"] if verdict == "accepted" else _HEADLINES["rejected"]
    )
    text = _(english)
    if verdict == "rejected" and blocker and status not in ("duplicate", "superseded"):
        reason = _("Reason: %(title)s (%(code)s).") % {
            "title": _(title_of(blocker)).lower(),
            "code": blocker,
        }
        text += " " + reason
    return text


def _next_steps(
    status: str,
    *,
    verdict: str,
    blocker: str | None,
    counts: Mapping[str, int],
    _: Translate,
) -> list[str]:
    steps: list[str] = []
    if status == "duplicate":
        return [_("No action needed. To correct data, send a new file for the same period.")]
    if status == "superseded":
        return [_("No action needed: the later file is the one that counts.")]
    if status == "failed":  # ours, not the file's: nothing for the partner to fix or resend
        ours = PROBLEM_KINDS.get(blocker or "") or PROBLEM_KINDS["internal-error"]
        return [_(ours.fix)]
    if verdict == "rejected":
        kind = PROBLEM_KINDS.get(blocker or "")
        if kind is not None and blocker != "too-many-invalid-rows":
            steps.append(_(kind.fix))
        steps.append(
            _(
                "No row of this file was loaded. Fix every problem listed below, then send "
                "the whole file again."
            )
        )
        return steps
    invalid = counts.get("rows_invalid", 0)
    if invalid:
        steps.append(
            _(
                "Correct the %(count)s row(s) listed below and send the whole file again for "
                "the same period: the corrected file replaces this one."
            )
            % {"count": invalid}
        )
    withheld = counts.get("rows_withheld", 0)
    if withheld:
        steps.append(
            _(
                "%(count)s valid row(s) had no consent: they are counted in the programme's "
                "totals but not stored. No action is needed unless consent was recorded "
                "wrongly."
            )
            % {"count": withheld}
        )
    if not steps:
        steps.append(_("No action needed."))
    return steps
