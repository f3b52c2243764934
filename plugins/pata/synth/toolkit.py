"""Write a synthetic case workbook in the HTCDS Excel toolkit's layout (``layout: htcds-toolkit``).

The sheet looks like the toolkit a small organisation fills by hand: two title rows, a
hidden row of HTCDS field names, the row of labels, one record per row numbered in the
first column, then empty template rows that carry only their number and their formatting,
and other sheets (instructions, picklists). Field names, labels and picklist labels come
from the standard's field sheet (:mod:`pata.layouts.htcds_reference`), so the workbook is
what the layout reads, not what it was written to expect.

The generator hands over rows under the contract's column names (labels already applied);
:func:`write_toolkit_workbook` moves each value to the toolkit column it comes from: the
identification date into the Incoming Referral Date, the province into the Mailing
State/Province; the case number is not written (the layout derives it from the row).
"""

from __future__ import annotations

import io
from collections.abc import Iterable, Sequence
from datetime import date
from pathlib import Path
from typing import Any

from pata.layouts.htcds_reference import htcds_fields
from pata.synth.writers import Cell, deterministic_zip, excel_date_format

TITLE_ROWS = 2
NAME_ROW = TITLE_ROWS + 1
LABEL_ROW = TITLE_ROWS + 2
FIRST_RECORD_ROW = LABEL_ROW + 1
"""The sheet row of the first record (the generator's manifest counts rows from here)."""
TEMPLATE_ROWS = 150
"""Empty, numbered and formatted rows left under the records, as in the shipped toolkit."""

TOOLKIT_FIELDS: tuple[str, ...] = (
    "prs_FirstName",
    "prs_MiddleName",
    "prs_SecondName",
    "prs_Birthdate",
    "prs_Gender",
    "prs_Citizenship",
    "prs_IdentityNumber",
    "prs_Email",
    "prs_MobilePhone",
    "prs_MailingStreet",
    "prs_MailingCity",
    "prs_MailingState",
    "vic_TraffickingStatus",
    "vic_TraffickingStatusDecisionMakingOrg",
    "vic_TypeOfExploitation",
    "vic_ForcedLabourIndustry",
    "vic_MethodsOfControl",
    "vic_MethodOfRecruitment",
    "vic_RelationshipToTrafficker",
    "hte_Country",
    "hte_Type",
    "cas_Status",
    "cas_CaseOwner",
    "cas_IncomingReferralDate",
    "cas_ReferredOrganisation",
    "cas_OutgoingReferralDate",
    "cas_OutgoingReferralDetails",
    "cco_CaseComment",
    "con_Consent",
)
"""The toolkit's columns, in its order (personal fields included: the layout drops them)."""

FROM_CONTRACT: dict[str, str] = {
    "cas_IncomingReferralDate": "identification_date",
    "prs_MailingState": "province",
}
"""Toolkit field -> the contract column whose value it holds, where the names differ."""


def toolkit_record_id(period_label: str, row: int) -> str:
    """The case number the toolkit layout derives for a record (see the layout module)."""
    return f"{period_label}-R{row}"


def write_toolkit_workbook(
    path: Path,
    columns: Sequence[str],
    rows: Iterable[Sequence[Cell]],
    *,
    date_format: str | None,
    title: str,
) -> int:
    """Write the rows (cells under ``columns``, contract names) as a toolkit workbook."""
    from openpyxl import Workbook
    from openpyxl.styles import Border, Font, PatternFill, Side

    fields = htcds_fields()
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.title = "Case Data"
    width = len(TOOLKIT_FIELDS) + 1
    sheet.cell(row=1, column=1, value="HTCDS 2.0 Case Data Toolkit").font = Font(bold=True, size=14)
    sheet.cell(row=2, column=1, value=title)
    sheet.cell(row=NAME_ROW, column=1, value=None)
    sheet.cell(row=LABEL_ROW, column=1, value="No.")
    for offset, name in enumerate(TOOLKIT_FIELDS, start=2):
        sheet.cell(row=NAME_ROW, column=offset, value=name)
        label = sheet.cell(row=LABEL_ROW, column=offset, value=fields[name].label)
        label.font = Font(bold=True)
        label.fill = PatternFill("solid", fgColor="DDEBF7")
    sheet.row_dimensions[NAME_ROW].hidden = True
    position = {name: index for index, name in enumerate(columns)}
    number_format = excel_date_format(date_format or "%Y-%m-%d")
    thin = Side(style="thin", color="BFBFBF")
    border = Border(left=thin, right=thin, top=thin, bottom=thin)
    count = 0
    for count, cells in enumerate(rows, start=1):
        row = FIRST_RECORD_ROW + count - 1
        sheet.cell(row=row, column=1, value=count)
        for offset, name in enumerate(TOOLKIT_FIELDS, start=2):
            value = _value(name, cells, position, row=row)
            cell = sheet.cell(row=row, column=offset, value=value)
            if isinstance(value, date):
                cell.number_format = number_format
    for number in range(count + 1, count + TEMPLATE_ROWS + 1):
        row = FIRST_RECORD_ROW + number - 1
        sheet.cell(row=row, column=1, value=number)
        for column in range(2, width + 1):
            sheet.cell(row=row, column=column).border = border
    _instructions(workbook)
    _picklists(workbook)
    buffer = io.BytesIO()
    workbook.save(buffer)
    path.write_bytes(deterministic_zip(buffer.getvalue()))
    return count


def _value(name: str, cells: Sequence[Cell], position: dict[str, int], *, row: int) -> Cell | bool:
    source = FROM_CONTRACT.get(name, name)
    if source in position:
        value = cells[position[source]]
        if name == "con_Consent" and isinstance(value, str):
            return {"x": True, "☐": False}.get(value, value)
        return value
    if name == "prs_Email" and row % 3 == 0:
        return f"client{row}@mail.example"
    if name == "cas_CaseOwner":
        return f"Case worker {row % 4 + 1}"
    if name == "hte_Type":
        return "Exploitation"
    return None


def _instructions(workbook: Any) -> None:
    sheet = workbook.create_sheet("Instructions")
    for row, text in enumerate(
        (
            "How to use this toolkit",
            "Fill one row per person, under the labels of the Case Data sheet.",
            "Choose picklist values from the Picklists sheet; dates as day/month/year.",
            "Do not delete the header rows.",
        ),
        start=1,
    ):
        sheet.cell(row=row, column=1, value=text)


def _picklists(workbook: Any) -> None:
    sheet = workbook.create_sheet("Picklists")
    fields = htcds_fields()
    column = 1
    for name in TOOLKIT_FIELDS:
        picklist = fields[name].picklist
        if not picklist:
            continue
        sheet.cell(row=1, column=column, value=fields[name].label)
        for row, label in enumerate(picklist.values(), start=2):
            sheet.cell(row=row, column=column, value=label)
        column += 1
