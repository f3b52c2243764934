"""Read a partner file in the layout the registry names for it (``layout:``), else as usual.

:func:`read_partner_table` is what the pipeline and ``pata check`` call: for a dataset
registered with ``layout: htcds-toolkit`` and a workbook, the sheet whose header the
toolkit layout finds is read through :mod:`pata.layouts.htcds_toolkit` (the other sheets
are ignored); every other file goes to :func:`pata.readers.read_raw` unchanged.

The workbook rows come from openpyxl in read-only, values-only mode after the readers'
zip-bomb check, with cells rendered by the readers' ``render_cell``. When the readers hand
out a row stream of their own (python-calamine, for ``.xls`` and ``.ods`` too),
:func:`_sheet_rows` is the one function to replace.
"""

from __future__ import annotations

import io
import logging
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any, NoReturn

from pata.layouts.htcds_reference import htcds_fields
from pata.layouts.htcds_toolkit import (
    HEADER_SEARCH_ROWS,
    LAYOUT,
    MIN_HEADER_MATCHES,
    HeaderNotFound,
    ToolkitContext,
    ToolkitHeader,
    locate_header,
    output_columns,
    shape_rows,
)
from pata.readers.cells import render_cell
from pata.readers.formats import detect_format
from pata.readers.model import FileProblem, RawTable, ReadLimits, UnreadableFile, blocker
from pata.readers.tables import table_from_rows

if TYPE_CHECKING:
    from pata.registry import Partner

log = logging.getLogger(__name__)


def read_partner_table(
    data: bytes | Path, *, filename: str, limits: ReadLimits, partner: Partner, dataset: str
) -> RawTable:
    """Read one partner file for ``dataset`` in the partner's registered layout."""
    from pata.readers import read_raw

    spec = partner.dataset(dataset)
    if spec.layout == LAYOUT and _is_workbook(data, filename=filename):
        return read_toolkit_workbook(
            data, filename=filename, limits=limits, partner=partner, dataset=dataset
        )
    return read_raw(data, filename=filename, limits=limits, dataset=dataset)


def read_toolkit_workbook(
    data: bytes | Path, *, filename: str, limits: ReadLimits, partner: Partner, dataset: str
) -> RawTable:
    """Read a workbook in the HTCDS toolkit layout into the contract's columns."""
    from pata.contracts import load_contract
    from pata.periods import period_from_filename
    from pata.readers.workbook import check_archive

    size = len(data) if isinstance(data, bytes) else data.stat().st_size
    if size > limits.max_bytes:
        raise blocker(
            "file-too-large",
            f"The file is larger than {limits.max_bytes // 1024**2} MB, the most one file can "
            "be. Split it into several files and send them one by one.",
        )
    check_archive(data, limits=limits)
    spec = partner.dataset(dataset)
    context = ToolkitContext(
        contract=load_contract(dataset),
        country=partner.country,
        period=period_from_filename(filename),
        aliases={h: c for h, c in spec.column_map.items() if h != c},
    )
    workbook = _open(data)
    try:
        header, sheet = _header_sheet(workbook, context=context)
        columns = output_columns(header, context=context)
        numbers: list[int] = []
        rows: list[list[str | None]] = []
        for number, cells in shape_rows(header, _sheet_rows(sheet), context=context):
            if len(rows) >= limits.max_rows:
                raise blocker(
                    "too-many-rows",
                    f"The sheet has more than {limits.max_rows} rows, the most one file can "
                    "hold. Split it into several files and send them one by one.",
                )
            numbers.append(number)
            rows.append(cells)
    except UnreadableFile:
        raise
    except Exception as error:  # openpyxl raises many types for a damaged workbook
        log.warning("the toolkit workbook could not be read (%s)", type(error).__name__)
        raise _not_a_workbook() from None
    finally:
        workbook.close()
    if not rows:
        raise blocker(
            "empty-file",
            "The toolkit sheet has no records under its header (only empty template rows). "
            "Fill the rows under the labels and send the workbook again.",
        )
    log.info("read %s toolkit records into %s columns", len(rows), len(columns))
    return RawTable(
        headers=columns,
        table=table_from_rows(headers=columns, rows=rows, row_numbers=numbers),
        format="xlsx",
        encoding=None,
        delimiter=None,
        problems=header.notes(),
    )


def _is_workbook(data: bytes | Path, *, filename: str) -> bool:
    head = data[:8192] if isinstance(data, bytes) else _head(data)
    return detect_format(filename, head) == "xlsx"


def _head(path: Path) -> bytes:
    with path.open("rb") as stream:
        return stream.read(8192)


def _open(data: bytes | Path) -> Any:
    import openpyxl

    try:
        return openpyxl.load_workbook(
            io.BytesIO(data) if isinstance(data, bytes) else data,
            read_only=True,
            data_only=True,
            keep_links=False,
        )
    except Exception as error:
        log.warning("openpyxl could not open the workbook (%s)", type(error).__name__)
        raise _not_a_workbook() from None


def _header_sheet(workbook: Any, *, context: ToolkitContext) -> tuple[ToolkitHeader, Any]:
    """The sheet whose toolkit header identifies the most columns, and that header.

    The toolkit's other sheets (instructions, picklists) may carry a few labels too; the
    case sheet carries them all. On a tie the visible, earlier sheet wins.
    """
    sheets = sorted(workbook.worksheets, key=lambda sheet: sheet.sheet_state != "visible")
    closest: HeaderNotFound | None = None
    found: list[tuple[int, int, ToolkitHeader, Any]] = []
    for order, sheet in enumerate(sheets):
        head = []
        for row in _sheet_rows(sheet):
            head.append(row)
            if len(head) >= HEADER_SEARCH_ROWS:
                break
        try:
            header = locate_header(head, context=context)
        except HeaderNotFound as error:
            if closest is None or (error.best or (0, 0))[1] > (closest.best or (0, 0))[1]:
                closest = error
            continue
        identified = sum(1 for reading in header.columns if reading.field)
        found.append((-identified, order, header, sheet))
    if found:
        _, _, header, sheet = min(found, key=lambda item: item[:2])
        return header, sheet
    _raise_no_header(
        closest or HeaderNotFound(searched=0, last_row=0, best=None), sheets=len(sheets)
    )


def _sheet_rows(sheet: Any) -> Iterator[tuple[int, list[str | None]]]:
    """The non-empty rows of a sheet with the numbers Excel shows."""
    for number, values in enumerate(sheet.iter_rows(values_only=True), start=1):
        cells = [render_cell(value) for value in values]
        if any(cells):
            yield number, cells


def _not_a_workbook() -> UnreadableFile:
    return blocker(
        "unreadable-file",
        "The file could not be opened as an Excel workbook (.xlsx). It may be damaged, "
        "password-protected, or another kind of file. Save it again from Excel as .xlsx "
        "without a password, and send it again.",
    )


def _no_header_problem(error: HeaderNotFound, *, sheets: int) -> FileProblem:
    """The partner-facing explanation of a workbook whose toolkit header was not found."""
    examples_names = ", ".join(name for name in ("prs_FirstName", "prs_Gender", "cas_Status"))
    examples_labels = ", ".join(
        htcds_fields()[name].label for name in ("prs_FirstName", "prs_Gender", "cas_Status")
    )
    closest = (
        f" The closest was row {error.best[0]}, with {error.best[1]}."
        if error.best is not None
        else " No row had any."
    )
    return FileProblem(
        code="no-header",
        message=(
            f"The HTCDS toolkit's header was not found. In each of the {sheets} sheet(s), "
            f"the first {HEADER_SEARCH_ROWS} non-empty rows (here rows 1 to {error.last_row}) "
            "were searched for a row of HTCDS field names (such as "
            f"{examples_names}) or a row of their labels (such as {examples_labels}); a "
            f"header row needs at least {MIN_HEADER_MATCHES} of them.{closest} Put the "
            "toolkit's header rows back (copy them from a fresh toolkit, or from the "
            "template `pata template` writes) and send the file again."
        ),
    )


def _raise_no_header(error: HeaderNotFound, *, sheets: int) -> NoReturn:
    """Raise the ``no-header`` blocker for a workbook without a toolkit header."""
    problem = _no_header_problem(error, sheets=sheets)
    raise blocker(problem.code, problem.message)
