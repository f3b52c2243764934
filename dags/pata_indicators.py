"""
### Indicators, quarterly report and DHIS2 feed

Scheduled on the **pata_warehouse_core** asset: whenever the ingest DAG loads a file into
the warehouse, this DAG runs, so a dropped file reaches the indicators with nobody
scheduling anything.

1. **refresh**: first the record linkage step, in a transaction of its own: the person
   records stored since the last run (their encodings were computed while each file was
   read, and stored with its load) are matched against the records that share a block and
   the person clusters recomputed (`pata.linkage.store.link_pending`; nothing pending:
   nothing changes). Then recompute `marts.indicator_values` from `core` and `ops` in one
   transaction (every indicator of `config/indicators.yaml`, every quarter, every partner
   and the region; small cells suppressed, primary and complementary).
2. **publish**: the report of the current quarter and of the previous one (late files for it
   still arrive during the current quarter) to the reports bucket:
   `quarterly/<quarter>/pata_indicators_<quarter>.{html,csv,xlsx}` and the DHIS2 payload
   `dhis2/<quarter>/pata_dataValueSets_<quarter>.json`.
3. **microdata**: rebuild `marts.case_microdata`, k-anonymous (k = 11) over sex, age band,
   citizenship, country of exploitation and year, by local suppression.

Only aggregate, suppressed values leave the warehouse; XCom holds counts, labels and keys.
"""

from __future__ import annotations

from datetime import timedelta

from airflow.sdk import Asset, dag, task

from pata.alerts.callbacks import on_dag_failure, on_task_failure
from pata.assets import WAREHOUSE_ASSET
from pata.dag_defaults import retry_only_transient, task_defaults

warehouse = Asset(name=WAREHOUSE_ASSET)


@dag(
    dag_id="pata_indicators",
    schedule=[warehouse],
    catchup=False,
    max_active_runs=1,
    tags=["pata", "indicators", "report"],
    doc_md=__doc__,
    on_failure_callback=on_dag_failure,
    default_args=task_defaults(
        execution_timeout=timedelta(minutes=30), on_failure_callback=on_task_failure
    ),
)
def pata_indicators() -> None:
    @task
    @retry_only_transient
    def refresh() -> dict:
        """Link the records stored since the last run; recompute marts.indicator_values."""
        from pata.indicators.refresh import refresh_indicators

        return refresh_indicators().as_dict()

    @task
    @retry_only_transient
    def publish(refreshed: dict) -> list[dict]:
        """Publish the current and the previous quarter's report to the reports bucket."""
        from pata import clock
        from pata.periods import quarter_of
        from pata.report import publish_report
        from pata.report.content import report_quarters

        current = quarter_of(clock.today())
        quarters = report_quarters(current, count=2)
        return [publish_report(period=q.label).as_dict() for q in quarters]

    @task
    @retry_only_transient
    def microdata() -> dict:
        """Rebuild marts.case_microdata, k-anonymous (k = 11) by local suppression."""
        from pata.warehouse.engine import get_engine
        from pata.warehouse.marts import refresh_case_microdata

        with get_engine(role="pipeline").begin() as conn:
            report = refresh_case_microdata(conn)
        return {
            "rows": report.rows,
            "k_satisfied": report.k_satisfied,
            "suppression_rate": round(report.overall_rate, 4),
        }

    publish(refresh())
    microdata()


pata_indicators()
