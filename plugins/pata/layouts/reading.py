"""Read a partner file in the layout the registry names for it (``layout:``), else as usual.

:func:`iter_partner_batches` is what the pipeline (:class:`pata.file_run.FileRun`) and
``pata check`` call: for a dataset registered with ``layout: htcds-toolkit`` and a
spreadsheet (``.xlsx``, ``.xls``, ``.ods``), the sheet whose header the toolkit layout finds
is read through :mod:`pata.layouts.htcds_toolkit` (the other sheets are ignored), in
batches like every other file; every other file goes to
:func:`pata.readers.iter_raw_batches` unchanged. :func:`read_partner_table` gathers the
batches of a small file (tests, tools).

Sheet rows come from python-calamine (values only, never a formula evaluated) after the
readers' zip-bomb check, cells rendered by the readers' ``render_cell``. :func:`_sheet_rows`
mirrors ``pata.readers.workbook``'s private row walk; if the readers make theirs public, it
is the one function to replace.
"""

from __future__ import annotations

import logging
import tempfile
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
from pata.readers import gather, iter_raw_batches
from pata.readers.cells import render_cell
from pata.readers.model import (
    DEFAULT_LIMITS,
    WORKBOOK_FORMATS,
    FileFormat,
    FileProblem,
    RawTable,
    ReadLimits,
    UnreadableFile,
    blocker,
)
from pata.readers.reading import DEFAULT_BATCH_ROWS, cell_problems, checked_format, head_of
from pata.readers.tables import table_from_rows

if TYPE_CHECKING:
    from pata.registry import Partner

log = logging.getLogger(__name__)

_ZIPPED = ("xlsx", "ods")


def iter_partner_batches(
    path: Path,
    *,
    filename: str,
    partner: Partner,
    dataset: str,
    batch_rows: int = DEFAULT_BATCH_ROWS,
    limits: ReadLimits = DEFAULT_LIMITS,
) -> Iterator[RawTable]:
    """Read one partner file for ``dataset`` in the partner's registered layout, in batches."""
    spec = partner.dataset(dataset)
    if spec.layout == LAYOUT:
        file_format = checked_format(
            filename=filename, head=head_of(path), size=path.stat().st_size, limits=limits
        )
        if file_format in WORKBOOK_FORMATS:
            yield from iter_toolkit_batches(
                path,
                filename=filename,
                file_format=file_format,
                partner=partner,
                dataset=dataset,
                batch_rows=batch_rows,
                limits=limits,
            )
            return
    yield from iter_raw_batches(
        path, filename=filename, batch_rows=batch_rows, limits=limits, dataset=dataset
    )


def read_partner_table(
    data: bytes | Path,
    *,
    filename: str,
    partner: Partner,
    dataset: str,
    limits: ReadLimits = DEFAULT_LIMITS,
) -> RawTable:
    """A whole (small) file in the partner's layout, as one table (tests, tools)."""
    if isinstance(data, Path):
        return gather(
            iter_partner_batches(
                data, filename=filename, partner=partner, dataset=dataset, limits=limits
            )
        )
    with tempfile.NamedTemporaryFile(prefix="pata-read-") as spooled:
        spooled.write(data)
        spooled.flush()
        return gather(
            iter_partner_batches(
                Path(spooled.name),
                filename=filename,
                partner=partner,
                dataset=dataset,
                limits=limits,
            )
        )


def iter_toolkit_batches(
    path: Path,
    *,
    filename: str,
    file_format: FileFormat,
    partner: Partner,
    dataset: str,
    batch_rows: int,
    limits: ReadLimits,
) -> Iterator[RawTable]:
    """Read a workbook in the HTCDS toolkit layout into the contract's columns, in batches.

    The column-mapping notes come with the first batch; ``too-many-rows`` may be raised
    after some batches were yielded.
    """
    from pata.contracts import load_contract
    from pata.periods import period_from_filename
    from pata.readers.workbook import check_archive

    if file_format in _ZIPPED:
        check_archive(path, limits=limits, file_format=file_format)
    spec = partner.dataset(dataset)
    context = ToolkitContext(
        contract=load_contract(dataset),
        country=partner.country,
        period=period_from_filename(filename),
        aliases={h: c for h, c in spec.column_map.items() if h != c},
    )
    workbook = _open(path, file_format=file_format)
    try:
        header, index = _header_sheet(workbook, context=context, file_format=file_format)
        columns = output_columns(header, context=context)
        notes: list[FileProblem] = header.notes()
        numbers: list[int] = []
        rows: list[list[str | None]] = []
        total = 0
        shaped = shape_rows(
            header, _sheet_rows(workbook, index, file_format=file_format), context=context
        )
        for number, cells in shaped:
            total += 1
            if total > limits.max_rows:
                raise blocker(
                    "too-many-rows",
                    f"The sheet has more than {limits.max_rows} rows, the most one file can "
                    "hold. Split it into several files and send them one by one.",
                )
            numbers.append(number)
            rows.append(cells)
            if len(rows) >= batch_rows:
                yield _batch(
                    columns, rows, numbers, file_format=file_format, problems=notes, limits=limits
                )
                notes, rows, numbers = [], [], []
        if total == 0:
            raise blocker(
                "empty-file",
                "The toolkit sheet has no records under its header (only empty template "
                "rows). Fill the rows under the labels and send the workbook again.",
            )
        if rows:
            yield _batch(
                columns, rows, numbers, file_format=file_format, problems=notes, limits=limits
            )
        log.info("read %s toolkit records into %s columns", total, len(columns))
    finally:
        workbook.close()


def _batch(
    columns: list[str],
    rows: list[list[str | None]],
    numbers: list[int],
    *,
    file_format: FileFormat,
    problems: list[FileProblem],
    limits: ReadLimits,
) -> RawTable:
    batch = RawTable(
        headers=columns,
        table=table_from_rows(headers=columns, rows=rows, row_numbers=numbers),
        format=file_format,
        encoding=None,
        delimiter=None,
        problems=list(problems),
    )
    batch.problems.extend(cell_problems(batch, limits=limits))
    return batch


def _open(path: Path, *, file_format: FileFormat) -> Any:
    import python_calamine

    try:
        return python_calamine.CalamineWorkbook.from_path(str(path))
    except Exception as error:  # calamine raises several types for a damaged workbook
        log.warning("calamine could not open the workbook (%s)", type(error).__name__)
        raise _not_a_workbook() from None


def _header_sheet(
    workbook: Any, *, context: ToolkitContext, file_format: FileFormat
) -> tuple[ToolkitHeader, int]:
    """The sheet whose toolkit header identifies the most columns, and that header.

    The toolkit's other sheets (instructions, picklists) may carry a few labels too; the
    case sheet carries them all. On a tie the visible, earlier sheet wins.
    """
    import python_calamine

    try:
        sheets = list(workbook.sheets_metadata)
    except Exception as error:
        log.warning("calamine could not list the sheets (%s)", type(error).__name__)
        raise _not_a_workbook() from None
    visible = python_calamine.SheetVisibleEnum.Visible
    order = sorted(range(len(sheets)), key=lambda i: sheets[i].visible != visible)
    closest: HeaderNotFound | None = None
    found: list[tuple[int, int, ToolkitHeader, int]] = []
    for rank, index in enumerate(order):
        head = []
        for row in _sheet_rows(workbook, index, file_format=file_format):
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
        found.append((-identified, rank, header, index))
    if found:
        _, _, header, index = min(found, key=lambda item: item[:2])
        return header, index
    _raise_no_header(
        closest or HeaderNotFound(searched=0, last_row=0, best=None), sheets=len(sheets)
    )


def _sheet_rows(
    workbook: Any, index: int, *, file_format: FileFormat
) -> Iterator[tuple[int, list[str | None]]]:
    """The non-empty rows of one sheet with the numbers the application shows."""
    import python_calamine

    try:
        sheet = workbook.get_sheet_by_index(index)
        start = sheet.start
        if start is None:
            return
        # calamine starts rows at the sheet's first row but columns at its first used one.
        lead: list[str | None] = [None] * start[1]
        for offset, values in enumerate(sheet.iter_rows()):
            cells = [*lead, *(render_cell(value) for value in values)]
            if any(cells):
                yield offset + 1, cells
    except python_calamine.CalamineError as error:
        log.warning("calamine could not read the sheet (%s)", type(error).__name__)
        raise _not_a_workbook() from None


def _not_a_workbook() -> UnreadableFile:
    return blocker(
        "unreadable-file",
        "The file could not be opened as a spreadsheet. It may be damaged, "
        "password-protected, or another kind of file. Save it again without a password, "
        "and send it again.",
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
