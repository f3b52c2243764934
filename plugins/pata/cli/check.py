"""``pata check FILE --partner P --dataset D``: the partner's pre-check, fully offline.

Runs the same reading and validation as the pipeline (the file streamed in batches through
the one validator; no database, no bucket), prints a value-free summary, writes the HTML
feedback report, and exits 0 when the file would be accepted (even with quarantined rows),
1 when it would be rejected, 2 for a usage error (unknown partner or dataset, missing file)
or an internal error. It never prints a traceback (``-v`` logs more).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from pata.feedback import FeedbackReport
    from pata.registry import Partner

EXIT_ACCEPTED = 0
EXIT_REJECTED = 1
EXIT_ERROR = 2


def register(subparsers: Any) -> None:
    """Add the ``check`` sub-command."""
    parser = subparsers.add_parser(
        "check",
        help="check a partner file offline, as the pipeline would",
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("file", type=Path, help="the file to check (CSV, XLSX, XLS, ODS or JSON)")
    parser.add_argument("--partner", required=True, help="your partner code, e.g. kh-ksp")
    parser.add_argument(
        "--dataset",
        required=True,
        help="awareness_sessions, cases, rehabilitation or network_events",
    )
    parser.add_argument(
        "--cases",
        type=Path,
        action="append",
        default=[],
        metavar="FILE",
        help="a cases file of yours, to check rehabilitation case numbers against "
        "(repeatable; without it that check is skipped with a warning)",
    )
    parser.add_argument(
        "--report",
        type=Path,
        default=None,
        help="where to write the HTML report (default: <file>.feedback.html in the "
        "current directory)",
    )
    parser.add_argument("--json", type=Path, default=None, help="also write the JSON report here")
    parser.add_argument(
        "--data-docs",
        action="store_true",
        help="also build GX Data Docs under <PATA_HOME>/datadocs (for data engineers)",
    )
    parser.set_defaults(func=handle_check)


def handle_check(args: argparse.Namespace) -> int:
    """Read, validate and report one file; the exit code says whether it would be accepted."""
    import logging

    from pata.errors import PataError

    try:
        return _check(args)
    except PataError as exc:
        print(f"pata check: error [{exc.code}]: {exc}", file=sys.stderr)
        return EXIT_ERROR
    except OSError as exc:
        print(f"pata check: error: {exc.strerror or type(exc).__name__}", file=sys.stderr)
        return EXIT_ERROR
    except Exception as exc:
        # Only the type: an exception's text may quote a value of the file.
        logging.getLogger(__name__).debug("internal error", exc_info=True)
        print(
            f"pata check: internal error ({type(exc).__name__}); the file was not judged. "
            "Please tell the regional data team.",
            file=sys.stderr,
        )
        return EXIT_ERROR


def _check(args: argparse.Namespace) -> int:
    from pata.feedback import build_report, render_html, render_json
    from pata.layouts.reading import iter_partner_batches
    from pata.readers import ReadLimits, UnreadableFile
    from pata.registry import load_registry
    from pata.settings import get_settings
    from pata.validation import FileValidator

    settings = get_settings()
    partner = load_registry().partner(args.partner)
    partner.dataset(args.dataset)  # fails clearly when the partner does not send it
    file: Path = args.file
    if not file.is_file():
        print(f"pata check: error: no such file: {file}", file=sys.stderr)
        return EXIT_ERROR
    limits = ReadLimits(max_bytes=settings.max_file_bytes)
    validator = FileValidator(
        partner=partner,
        dataset=args.dataset,
        known_case_ids=_known_case_ids(args.cases, partner=partner, limits=limits),
        reject_invalid_share=settings.reject_invalid_share,
    )
    result = None
    try:
        for batch in iter_partner_batches(
            file, filename=file.name, limits=limits, partner=partner, dataset=args.dataset
        ):
            validator.add(batch)
    except UnreadableFile as exc:
        report = build_report(
            result=None,
            partner=partner.code,
            dataset=args.dataset,
            filename=file.name,
            ledger_id=None,
            status="would-be-rejected",
            sha256=None,
            blocker_problems=exc.problems,
        )
    else:
        result = validator.finish()
        report = build_report(
            result=result,
            partner=partner.code,
            dataset=args.dataset,
            filename=file.name,
            ledger_id=None,
            status="accepted" if result.verdict == "accepted" else "would-be-rejected",
            sha256=None,
        )
    html_path = args.report or Path.cwd() / f"{file.name}.feedback.html"
    html_path.write_bytes(render_html(report))
    if args.json is not None:
        args.json.write_bytes(render_json(report))
    if args.data_docs and result is not None:
        from pata.datadocs import build_data_docs, datadocs_dir

        build_data_docs({f"{partner.code}/{file.name}": result.gx_results})
        print(f"Data Docs: {datadocs_dir(settings) / 'index.html'}")
    _print_summary(report, html_path=html_path)
    return EXIT_ACCEPTED if report.verdict == "accepted" else EXIT_REJECTED


def _known_case_ids(paths: list[Path], *, partner: Partner, limits: Any) -> Any:
    """The case numbers of the given cases files, read lazily; None without files."""
    if not paths:
        return None

    def known() -> set[str]:
        from pata.conform import conform
        from pata.contracts import load_contract
        from pata.layouts.reading import iter_partner_batches

        contract = load_contract("cases")
        ids: set[str] = set()
        for path in paths:
            for raw in iter_partner_batches(
                path, filename=path.name, limits=limits, partner=partner, dataset="cases"
            ):
                spec = partner.dataset("cases")
                conformed = conform(raw, contract=contract, partner_dataset=spec)
                if contract.record_id in conformed.text.columns:
                    ids.update(conformed.text[contract.record_id].dropna().tolist())
        return ids

    return known


def _print_summary(report: FeedbackReport, *, html_path: Path) -> None:
    """Print the verdict, counts and problem codes: codes, columns and rows only."""
    out = sys.stdout
    verdict = "ACCEPTED" if report.verdict == "accepted" else "REJECTED"
    print(f"{report.filename}: {verdict} ({report.partner}, {report.dataset})", file=out)
    print(f"  {report.headline}", file=out)
    if report.counts:
        counts = ", ".join(
            f"{key.replace('_', ' ')} {value}" for key, value in report.counts.items()
        )
        print(f"  {counts}", file=out)
    for group in report.groups:
        print(f"  [{group.severity}] {group.code}: {group.count} ({group.title})", file=out)
        for item in group.columns:
            rows = ", ".join(str(row) for row in item.rows[:10])
            more = " ..." if len(item.rows) > 10 else ""
            where = item.column or "-"
            suffix = f" rows {rows}{more}" if rows else ""
            print(f"      {where}: {item.count}{suffix}", file=out)
    for step in report.next_steps:
        print(f"  next: {step}", file=out)
    print(f"  report: {html_path}", file=out)
