"""DQ-1, submissions received by their due date: the registry's calendar against the ledger.

A submission is one partner, dataset and reporting period (a month, or a quarter for a
quarterly dataset). It is due on ``due_day`` of the month after the period (the rule of
:mod:`pata.deadlines`) and received when a file for the period was accepted (loaded,
partially loaded or later superseded). It is on time when the first accepted file was
uploaded on or before the due date, in the partner's timezone. Periods before the
partner's first file of the dataset are not expected; periods not yet due count only once
received.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date, datetime
from zoneinfo import ZoneInfo

import pandas as pd

from pata.indicators.catalogue import TOTAL
from pata.periods import Period, parse_period, quarter_of
from pata.registry import Registry

INDICATOR = "DQ-1"
ACCEPTED = ("loaded", "partially_loaded", "superseded")
LEDGER_COLUMNS = ("partner_code", "dataset", "period_label", "status", "uploaded_at")


def due_date(period: Period, *, due_day: int) -> date:
    """Day ``due_day`` of the month after the period (as :func:`pata.deadlines.due_date`)."""
    from pata.deadlines import due_date as deadline

    return deadline(period, due_day=due_day)


def submission_cells(
    ledger: pd.DataFrame, *, registry: Registry, quarters: Sequence[Period], now: datetime
) -> pd.DataFrame:
    """Raw DQ-1 cells: per partner, quarter and dataset, submissions on time and due."""
    if now.tzinfo is None:
        raise ValueError("now must be timezone-aware")
    files = ledger.loc[:, list(LEDGER_COLUMNS)].copy()
    files = files[files["period_label"].notna() & (files["status"] != "duplicate")]
    rows: list[tuple[str, str, str, str, str, int, int]] = []
    for code in sorted(registry.partners):
        partner = registry.partners[code]
        zone = ZoneInfo(partner.timezone)
        today = now.astimezone(zone).date()
        for dataset in sorted(partner.datasets):
            spec = partner.datasets[dataset]
            own = files[(files["partner_code"] == code) & (files["dataset"] == dataset)]
            if own.empty:
                continue
            first_start = min(parse_period(str(label)).start for label in own["period_label"])
            first_upload = _first_accepted_upload(own)
            for quarter in quarters:
                for period in _reporting_periods(quarter, quarterly=spec.frequency == "quarterly"):
                    if period.start < first_start:
                        continue
                    due = due_date(period, due_day=spec.due_day)
                    uploaded = first_upload.get(period.label)
                    if uploaded is None and due >= today:
                        continue  # not due yet and not received: not expected yet
                    on_time = uploaded is not None and uploaded.astimezone(zone).date() <= due
                    rows.append(
                        (INDICATOR, quarter.label, code, "dataset", dataset, int(on_time), 1)
                    )
    frame = pd.DataFrame(
        rows,
        columns=[
            "indicator_code",
            "period_label",
            "partner_code",
            "disaggregation",
            "category",
            "numerator",
            "denominator",
        ],
    )
    key = ["indicator_code", "period_label", "partner_code", "disaggregation", "category"]
    by_dataset = frame.groupby(key, as_index=False)[["numerator", "denominator"]].sum()
    totals = (
        by_dataset.groupby(["indicator_code", "period_label", "partner_code"], as_index=False)[
            ["numerator", "denominator"]
        ]
        .sum()
        .assign(disaggregation=TOTAL, category=TOTAL)
    )
    return pd.concat([totals[by_dataset.columns], by_dataset], ignore_index=True)


def _reporting_periods(quarter: Period, *, quarterly: bool) -> Iterable[Period]:
    if quarterly:
        yield quarter_of(quarter.start)
    else:
        yield from quarter.months()


def _first_accepted_upload(files: pd.DataFrame) -> dict[str, datetime]:
    accepted = files[files["status"].isin(ACCEPTED)]
    first: dict[str, datetime] = {}
    for label, uploaded in zip(accepted["period_label"], accepted["uploaded_at"], strict=True):
        moment = pd.Timestamp(uploaded).to_pydatetime()
        if str(label) not in first or moment < first[str(label)]:
            first[str(label)] = moment
    return first
