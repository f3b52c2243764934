"""Shared case microdata, k-anonymous by local suppression (``marts.case_microdata``).

The indicators refresh rebuilds the mart from the consenting case rows of ``core``::

    frame, report = build_microdata(microdata_source(core_case_rows))

Every equivalence class over the quasi-identifiers (sex, age band, citizenship, country of
exploitation, year of identification) then holds at least ``k`` rows (CTDC's k = 11). Values
are suppressed one cell at a time (the literal ``'suppressed'``); rows are never dropped, so
counts from the microdata stay complete. The mart carries no pseudonym, no month and no
province: nothing that would link a row back to ``core`` or narrow a class further.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Sequence
from dataclasses import dataclass

import pandas as pd

from pata.contracts import Contract, load_contract
from pata.deid import OutputColumn, output_columns
from pata.settings import REPO_ROOT

log = logging.getLogger(__name__)

DEFAULT_K = 11
SUPPRESSED = "suppressed"
UNKNOWN = "unknown"
QUASI_IDENTIFIERS: tuple[str, ...] = (
    "prs_gender",
    "age_band",
    "prs_citizenship",
    "hte_country",
    "identification_year",
)
"""The quasi-identifiers of the shared microdata, as columns of ``marts.case_microdata``."""
ATTRIBUTE_SOURCES: tuple[str, ...] = (
    "vic_TraffickingStatus",
    "vic_TraffickingStatusDecisionMakingOrg",
    "vic_TypeOfExploitation",
    "vic_ForcedLabourIndustry",
    "vic_MethodsOfControl",
    "vic_MethodOfRecruitment",
    "vic_RelationshipToTrafficker",
    "cas_Status",
    "cas_ReferredOrganisation",
    "legal_assistance",
    "legal_proceedings_stage",
)
"""Cases columns (not identifying: PII class none) whose de-identified outputs are shared."""
_CITIZENSHIP = "prs_Citizenship"
_YEAR_SOURCE = "identification_month"


@dataclass(frozen=True)
class MicrodataReport:
    """How much local suppression k-anonymity cost: per quasi-identifier and overall."""

    k: int
    rows: int
    quasi_identifiers: tuple[str, ...]
    suppressed_cells: dict[str, int]
    column_rates: dict[str, float]
    overall_rate: float
    rows_with_suppression: int
    smallest_class: int
    k_satisfied: bool

    @property
    def row_rate(self) -> float:
        """Share of rows with at least one suppressed value."""
        return self.rows_with_suppression / self.rows if self.rows else 0.0

    def summary_lines(self) -> list[str]:
        """Plain-text lines for ``pata audit``."""
        verdict = "satisfied" if self.k_satisfied else "NOT satisfied"
        lines = [
            f"k-anonymity k={self.k}: {verdict} over {', '.join(self.quasi_identifiers)} "
            f"({self.rows} rows, smallest class {self.smallest_class})",
            f"suppression rate: {self.overall_rate:.2%} of quasi-identifier values, "
            f"{self.row_rate:.2%} of rows",
        ]
        lines += [
            f"  {name}: {self.column_rates[name]:.2%} ({self.suppressed_cells[name]} values)"
            for name in self.quasi_identifiers
        ]
        return lines


def flag_column_name(name: str, code: str) -> str:
    """The CTDC-style 0/1 flag column of ``code`` in multi-select ``name``: ``<name>__<code>``,
    lowercase (the shared microdata and ``pata export ctdc``; the warehouse stores arrays)."""
    safe = "".join(char if char.isascii() and char.isalnum() else "_" for char in code.lower())
    return f"{name.lower()}__{safe}"


# The mart ----------------------------------------------------------------------------------


def microdata_columns(*, contract: Contract | None = None) -> list[OutputColumn]:
    """The columns of ``marts.case_microdata``, in order: quasi-identifiers, then attributes."""
    contract = contract or load_contract("cases")
    quasi = [
        OutputColumn(
            "prs_gender", "text", "Gender (HTCDS prs_Gender), or suppressed.", "prs_Gender"
        ),
        OutputColumn(
            "age_band",
            "text",
            "CTDC age band at identification, unknown, or suppressed.",
            "prs_Birthdate",
        ),
        OutputColumn(
            "prs_citizenship",
            "text",
            "Citizenship(s), ISO 3166-1 alpha-2 codes joined by ';', unknown, or suppressed.",
            _CITIZENSHIP,
        ),
        OutputColumn(
            "hte_country",
            "text",
            "Country of exploitation (ISO 3166-1 alpha-2), unknown, or suppressed.",
            "hte_Country",
        ),
        OutputColumn(
            "identification_year",
            "text",
            "Year the person was identified (YYYY), or suppressed.",
            "identification_date",
        ),
    ]
    attributes: list[OutputColumn] = []
    for column in output_columns(contract):
        if column.source not in ATTRIBUTE_SOURCES:
            continue
        if column.sql_type != "text[]":
            attributes.append(column)
            continue
        # The mart keeps the CTDC shape of a multi-select: one 0/1 flag per code.
        attributes.extend(
            OutputColumn(
                flag_column_name(column.source, code),
                "smallint",
                f"1 when {column.source} includes {code}, 0 when not, null when it is empty.",
                column.source,
            )
            for code in contract.column(column.source).codes
        )
    return quasi + attributes


def microdata_source(core_rows: pd.DataFrame, *, contract: Contract | None = None) -> pd.DataFrame:
    """Project consenting core case rows onto the mart's columns, before any suppression.

    ``core_rows`` has (at least) the columns of ``output_columns(cases)``. Missing values of
    a quasi-identifier become ``'unknown'`` (a value of its own for k-anonymity).
    """
    contract = contract or load_contract("cases")
    rows = core_rows.reset_index(drop=True)
    columns = microdata_columns(contract=contract)
    built: dict[str, pd.Series] = {
        "prs_gender": _text(rows["prs_gender"]),
        "age_band": _text(rows["age_band"]),
        "prs_citizenship": _text(rows["prs_citizenship"]),
        "hte_country": _text(rows["hte_country"]),
        "identification_year": _text(
            pd.to_datetime(rows[_YEAR_SOURCE]).dt.year.astype("Int64").astype("string")
        ),
    }
    for column in columns[len(QUASI_IDENTIFIERS) :]:
        if column.name in rows.columns:
            built[column.name] = rows[column.name].astype(column.pandas_dtype)
        else:  # a flag of a multi-select given as its codes joined by ';'
            built[column.name] = _flag_of(rows[column.source.lower()], column, contract)
    return pd.DataFrame({column.name: built[column.name] for column in columns})


def _text(values: pd.Series) -> pd.Series:
    text = values.astype("string").str.strip()
    return text.mask(text.isna() | (text == ""), UNKNOWN)


def source_columns_sql(*, contract: Contract | None = None) -> str:
    """The select list that reads from ``core.current_cases`` what :func:`microdata_source`
    needs: citizenship joined by ';' (codes in code-list order), multi-select attributes as
    their 0/1 flags, worked out in SQL from the arrays."""
    contract = contract or load_contract("cases")
    names = ["prs_gender", "age_band", "hte_country", _YEAR_SOURCE]
    for column in microdata_columns(contract=contract)[len(QUASI_IDENTIFIERS) :]:
        if column.sql_type != "smallint":
            names.append(column.name)
            continue
        code = _code_of_flag(column, contract)
        array = column.source.lower()
        names.append(
            f"case when {array} is null then null "
            f"else ('{_sql_literal(code)}' = any({array}))::int::smallint end as {column.name}"
        )
    return ", ".join(
        [*names, "nullif(array_to_string(prs_citizenship, ';'), '') as prs_citizenship"]
    )


def _code_of_flag(column: OutputColumn, contract: Contract) -> str:
    codes = contract.column(column.source).codes
    return next(code for code in codes if flag_column_name(column.source, code) == column.name)


def _flag_of(codes: pd.Series, column: OutputColumn, contract: Contract) -> pd.Series:
    """The 0/1 flag ``column`` of a multi-select given as codes joined by ';' (NA: unanswered)."""
    code = re.escape(_code_of_flag(column, contract))
    chosen = codes.astype("string").str.contains(f"(?:^|;){code}(?:;|$)", regex=True)
    return chosen.astype("boolean").astype("Int16")


def _sql_literal(code: str) -> str:
    if not code.replace("-", "").replace("_", "").isalnum():
        raise ValueError("a code must be alphanumeric")
    return code


# k-anonymity by local suppression ----------------------------------------------------------


def build_microdata(
    rows: pd.DataFrame, *, k: int = DEFAULT_K, quasi: Sequence[str] = QUASI_IDENTIFIERS
) -> tuple[pd.DataFrame, MicrodataReport]:
    """Suppress quasi-identifier values until every class over ``quasi`` has ``k`` rows or more.

    Greedy and deterministic: while some class is smaller than ``k``, the quasi-identifier
    with the most distinct values among the rows of the small classes is suppressed in those
    rows; when every value of the remaining small rows is suppressed and their single class
    is still too small, rows of classes larger than ``k`` (their surplus first, then whole
    smallest classes) are suppressed into it. Missing values count as ``'unknown'``; rows
    are never dropped; the result is sorted by content, so row order reveals nothing.
    """
    if k < 1:
        raise ValueError("k must be at least 1")
    quasi = list(quasi)
    absent = [name for name in quasi if name not in rows.columns]
    if absent:
        raise ValueError(f"rows lack quasi-identifier column(s) {', '.join(absent)}")
    frame = rows.reset_index(drop=True).copy()
    for name in quasi:
        frame[name] = _text(frame[name])
    if len(frame):
        _suppress_small_classes(frame, k=k, quasi=quasi)
        _complete_the_suppressed_class(frame, k=k, quasi=quasi)
    order = quasi + [name for name in frame.columns if name not in quasi]
    frame = frame.sort_values(order, kind="mergesort", na_position="last", ignore_index=True)
    report = microdata_report(frame, k=k, quasi=quasi)
    log.info(
        "case microdata: %s rows, k=%s %s, %.2f%% of quasi-identifier values suppressed",
        report.rows,
        k,
        "satisfied" if report.k_satisfied else "NOT satisfied",
        100 * report.overall_rate,
    )
    return frame, report


def microdata_report(
    frame: pd.DataFrame, *, k: int = DEFAULT_K, quasi: Sequence[str] = QUASI_IDENTIFIERS
) -> MicrodataReport:
    """The suppression report of a microdata frame (also of one read back from the mart)."""
    quasi = list(quasi)
    rows = len(frame)
    suppressed = pd.DataFrame({name: frame[name] == SUPPRESSED for name in quasi}).fillna(False)
    cells = {name: int(suppressed[name].sum()) for name in quasi}
    sizes = _class_sizes(frame, quasi) if rows else pd.Series(dtype="int64")
    smallest = int(sizes.min()) if rows else 0
    return MicrodataReport(
        k=k,
        rows=rows,
        quasi_identifiers=tuple(quasi),
        suppressed_cells=cells,
        column_rates={name: cells[name] / rows if rows else 0.0 for name in quasi},
        overall_rate=sum(cells.values()) / (rows * len(quasi)) if rows and quasi else 0.0,
        rows_with_suppression=int(suppressed.any(axis=1).sum()),
        smallest_class=smallest,
        k_satisfied=smallest >= k or rows == 0,
    )


def _class_sizes(frame: pd.DataFrame, quasi: list[str]) -> pd.Series:
    return frame.groupby(quasi, sort=False, dropna=False)[quasi[0]].transform("size")


def _suppress_small_classes(frame: pd.DataFrame, *, k: int, quasi: list[str]) -> None:
    while True:
        small = _class_sizes(frame, quasi) < k
        if not small.any():
            return
        best, best_distinct = None, 0
        for name in quasi:  # ties go to the earlier quasi-identifier
            values = frame.loc[small, name]
            distinct = values[values != SUPPRESSED].nunique()
            if distinct > best_distinct:
                best, best_distinct = name, distinct
        if best is None:
            return  # every value of the small rows is suppressed already
        frame.loc[small, best] = SUPPRESSED


def _complete_the_suppressed_class(frame: pd.DataFrame, *, k: int, quasi: list[str]) -> None:
    fully = (frame[quasi] == SUPPRESSED).all(axis=1)
    need = k - int(fully.sum()) if fully.any() else 0
    if need <= 0:
        return
    others = frame.loc[~fully, quasi]
    groups = others.groupby(quasi, sort=True).indices  # deterministic: sorted by values
    classes = sorted(groups.values(), key=lambda members: -len(members))
    donated: list[int] = []
    for members in classes:  # first the surplus of classes above k, largest first
        surplus = len(members) - k
        if need <= 0 or surplus <= 0:
            continue
        take = min(surplus, need)
        donated += [int(others.index[i]) for i in members[-take:]]
        need -= take
    for members in sorted(classes, key=len):  # then whole classes, smallest first
        if need <= 0:
            break
        remaining = [int(others.index[i]) for i in members if others.index[i] not in donated]
        donated += remaining
        need -= len(remaining)
    frame.loc[donated, quasi] = SUPPRESSED


# SQL for the migration and the checks ------------------------------------------------------

CASE_MICRODATA_DDL = (
    REPO_ROOT / "sql" / "migrations" / "versions" / "0006_case_microdata.up.sql"
).read_text(encoding="utf-8")
"""DDL of ``marts.case_microdata`` with its comments: the migration that creates it."""

K_CHECK_QUERY = """\
-- Classes of marts.case_microdata smaller than :k (bind k = 11): none may exist.
select prs_gender, age_band, prs_citizenship, hte_country, identification_year,
       count(*) as class_size
from marts.case_microdata
group by prs_gender, age_band, prs_citizenship, hte_country, identification_year
having count(*) < :k
"""
"""The k check: rows returned are classes below k; the test and ``pata audit`` expect none."""

SUPPRESSION_RATE_QUERY = """\
-- Suppression rates of marts.case_microdata, per quasi-identifier and overall (pata audit).
with flags as (
    select (prs_gender = 'suppressed')::int as prs_gender,
           (age_band = 'suppressed')::int as age_band,
           (prs_citizenship = 'suppressed')::int as prs_citizenship,
           (hte_country = 'suppressed')::int as hte_country,
           (identification_year = 'suppressed')::int as identification_year
    from marts.case_microdata
)
select count(*) as row_count,
       coalesce(avg(prs_gender), 0) as prs_gender_rate,
       coalesce(avg(age_band), 0) as age_band_rate,
       coalesce(avg(prs_citizenship), 0) as prs_citizenship_rate,
       coalesce(avg(hte_country), 0) as hte_country_rate,
       coalesce(avg(identification_year), 0) as identification_year_rate,
       coalesce(avg((prs_gender + age_band + prs_citizenship + hte_country
                     + identification_year)::numeric / 5), 0) as overall_rate,
       count(*) filter (where prs_gender + age_band + prs_citizenship + hte_country
                              + identification_year > 0) as rows_with_suppression
from flags
"""
"""Per-column and overall suppression rates of the mart, for ``pata audit``."""
