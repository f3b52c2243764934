"""Submission templates: an empty XLSX for one partner and dataset, ready to fill and send.

The data sheet (named like the dataset, so the readers pick it) has the partner's own
headers in the partner's column order, or, for a partner registered with the HTCDS toolkit
layout, the toolkit's hidden row of field names above its row of labels. Every coded or
yes/no column gets a drop-down list of the partner's own labels (the codes themselves are
accepted too, so the list warns rather than refuses); date columns are formatted and
checked in the partner's date format. An instructions sheet, in the partner's language
with English alongside, says what each column holds, whether it is required, and how to
name and send the file.

Nothing identifying is in a template: no example person, no author, fixed timestamps.
"""

from __future__ import annotations

import hashlib
import io
import logging
from collections.abc import Sequence
from datetime import date
from typing import TYPE_CHECKING, Any

from pata.contracts import Contract, load_contract
from pata.feedback.i18n import ENGLISH, N_, report_languages, translator
from pata.layouts.htcds_reference import htcds_fields
from pata.registry import Partner, PartnerDataset
from pata.synth.writers import deterministic_zip, excel_date_format

if TYPE_CHECKING:
    from pata.registry import Registry
    from pata.settings import Settings

log = logging.getLogger(__name__)
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

TEMPLATE_ROWS = 500
"""Rows formatted and validated under the header."""

_INSTRUCTIONS = (
    N_("How to fill this template"),
    N_("Fill one row per record under the header row. Do not rename, move or delete columns."),
    N_("Choose coded values from the drop-down lists; several values are separated by ;"),
    N_("Write dates as in this example:"),
    N_("Required columns must be filled on every row."),
    N_("Save as .xlsx and name the file:"),
    N_("Check it before sending with: pata check FILE --partner P --dataset D"),
    N_("Column"),
    N_("Field"),
    N_("Required"),
    N_("yes"),
    N_("no"),
    N_("Allowed values"),
    N_("What it holds"),
)


def template_filename(partner: Partner, dataset: str) -> str:
    """The name a template is published under: ``<partner>_<dataset>_template.xlsx``."""
    return f"{partner.code}_{dataset}_template.xlsx"


def publish_templates(settings: Settings, *, registry: Registry | None = None) -> list[str]:
    """Put every partner's templates at ``<partner>/templates/`` in the dropzone.

    Idempotent: a template whose bytes are already there (same MD5 ETag) is not put again.
    Returns the keys written.
    """
    from botocore.exceptions import ClientError

    from pata.dropzone import templates_prefix
    from pata.registry import load_registry
    from pata.storage import encryption_args, s3_client

    registry = registry or load_registry()
    s3 = s3_client(settings)
    written = []
    for partner in registry.partners.values():
        for dataset in partner.datasets:
            key = templates_prefix(partner.code) + template_filename(partner, dataset)
            body = write_template(partner, dataset)
            digest = hashlib.md5(body, usedforsecurity=False).hexdigest()
            try:
                head = s3.head_object(Bucket=settings.dropzone_bucket, Key=key)
                if str(head.get("ETag", "")).strip('"') == digest:
                    continue
            except ClientError:
                pass
            s3.put_object(
                Bucket=settings.dropzone_bucket,
                Key=key,
                Body=body,
                ContentType=XLSX_TYPE,
                **encryption_args(settings),
            )
            written.append(key)
    log.info("published %s partner templates", len(written))
    return written


def write_template(partner: Partner, dataset: str) -> bytes:
    """The template workbook of ``partner`` for ``dataset``, as XLSX bytes."""
    from openpyxl import Workbook

    spec = partner.dataset(dataset)
    contract = load_contract(dataset)
    columns, names, headers = _header(spec, contract)
    workbook = Workbook()
    workbook.properties.creator = "PATA pipeline"
    workbook.properties.lastModifiedBy = None
    sheet = workbook.active
    assert sheet is not None
    sheet.title = dataset
    lists = workbook.create_sheet("Lists")
    lists.sheet_state = "hidden"
    header_row = 1
    if names is not None:  # the toolkit's hidden field-name row above its labels
        sheet.append(names)
        sheet.row_dimensions[1].hidden = True
        header_row = 2
    sheet.append(headers)
    _format_header(sheet, header_row=header_row, width=len(headers))
    first, last = header_row + 1, header_row + TEMPLATE_ROWS
    for index, name in enumerate(columns, start=1):
        column = contract.column(name)
        choices = _choices(spec, contract, name)
        if choices:
            _list_validation(sheet, lists, index, choices, first=first, last=last)
        elif column.type == "date":
            _date_column(sheet, index, spec=spec, first=first, last=last)
    _instructions(workbook, partner=partner, spec=spec, contract=contract, headers=headers)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return deterministic_zip(buffer.getvalue())


def _header(
    spec: PartnerDataset, contract: Contract
) -> tuple[list[str], list[str] | None, list[str]]:
    """(contract columns, toolkit field names or None, the headers people read)."""
    if spec.layout is None:
        columns = list(spec.column_map.values())
        return columns, None, list(spec.column_map.keys())
    fields = htcds_fields()
    columns = list(contract.names)
    labels = [fields[name].label if name in fields else name for name in columns]
    return columns, columns, labels


def _choices(spec: PartnerDataset, contract: Contract, name: str) -> list[str]:
    """The drop-down entries of a column: the partner's label of each code, else the code."""
    column = contract.column(name)
    if column.type == "boolean":
        labels = spec.labels(name)
        return [labels.get("true", "true"), labels.get("false", "false")]
    if column.type not in ("code", "multicode"):
        return []
    labels = spec.labels(name)
    return [labels.get(code, code) for code in column.codes]


def _format_header(sheet: Any, *, header_row: int, width: int) -> None:
    from openpyxl.styles import Font, PatternFill
    from openpyxl.utils import get_column_letter

    for index in range(1, width + 1):
        cell = sheet.cell(row=header_row, column=index)
        cell.font = Font(bold=True)
        cell.fill = PatternFill("solid", fgColor="DDEBF7")
        letter = get_column_letter(index)
        sheet.column_dimensions[letter].width = max(14, min(40, len(str(cell.value)) + 4))
    sheet.freeze_panes = sheet.cell(row=header_row + 1, column=1)


def _list_validation(
    sheet: Any, lists: Any, index: int, choices: Sequence[str], *, first: int, last: int
) -> None:
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.datavalidation import DataValidation

    letter = get_column_letter(index)
    for row, choice in enumerate(choices, start=1):
        lists.cell(row=row, column=index, value=choice)
    validation = DataValidation(
        type="list",
        formula1=f"=Lists!${letter}$1:${letter}${len(choices)}",
        allow_blank=True,
        showErrorMessage=True,
        errorStyle="warning",
        error="Choose a value from the list (or one of the codes).",
    )
    validation.add(f"{letter}{first}:{letter}{last}")
    sheet.add_data_validation(validation)


def _date_column(sheet: Any, index: int, *, spec: PartnerDataset, first: int, last: int) -> None:
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.datavalidation import DataValidation

    letter = get_column_letter(index)
    number_format = excel_date_format(spec.date_format or "%Y-%m-%d")
    for row in range(first, last + 1):
        sheet.cell(row=row, column=index).number_format = number_format
    validation = DataValidation(
        type="date",
        operator="greaterThan",
        formula1="1",
        allow_blank=True,
        showErrorMessage=True,
        errorStyle="warning",
        error=f"Write a date like {_example(spec)}.",
    )
    validation.add(f"{letter}{first}:{letter}{last}")
    sheet.add_data_validation(validation)


def _example(spec: PartnerDataset) -> str:
    return date(2031, 12, 25).strftime(spec.date_format or "%Y-%m-%d")


def _instructions(
    workbook: Any,
    *,
    partner: Partner,
    spec: PartnerDataset,
    contract: Contract,
    headers: Sequence[str],
) -> None:
    from openpyxl.styles import Alignment, Font

    sheet = workbook.create_sheet("Instructions")
    languages = report_languages(partner.languages)
    local = translator(languages[0])

    def both(message: str) -> str:
        translated = local(message)
        return (
            translated
            if languages[0] == ENGLISH or translated == message
            else (f"{translated} / {message}")
        )

    lines = [
        (both("How to fill this template"), f"{partner.name} - {contract.dataset}"),
        (both(_INSTRUCTIONS[1]), ""),
        (both(_INSTRUCTIONS[2]), ""),
        (both("Write dates as in this example:"), _example(spec)),
        (both("Required columns must be filled on every row."), ""),
        (
            both("Save as .xlsx and name the file:"),
            f"{partner.code}_{contract.dataset}_YYYY-MM.xlsx"
            if spec.frequency == "monthly"
            else f"{partner.code}_{contract.dataset}_YYYYQn.xlsx",
        ),
        (both(_INSTRUCTIONS[6]), ""),
    ]
    for line in lines:
        sheet.append(list(line))
    sheet["A1"].font = Font(bold=True, size=13)
    sheet.append([])
    heading = [
        both(text) for text in ("Column", "Field", "Required", "Allowed values", "What it holds")
    ]
    sheet.append(heading)
    for cell in sheet[sheet.max_row]:
        cell.font = Font(bold=True)
    columns, _, _ = _header(spec, contract)
    for header, name in zip(headers, columns, strict=True):
        column = contract.column(name)
        choices = _choices(spec, contract, name)
        sheet.append(
            [
                header,
                name,
                both("yes") if column.required else both("no"),
                ", ".join(choices[:30]) + (" ..." if len(choices) > 30 else ""),
                column.description,
            ]
        )
    for letter, width in zip("ABCDE", (28, 26, 10, 50, 70), strict=True):
        sheet.column_dimensions[letter].width = width
    for row in sheet.iter_rows():
        for cell in row:
            cell.alignment = Alignment(wrap_text=True, vertical="top")
