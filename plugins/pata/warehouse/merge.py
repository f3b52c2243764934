"""The merge of a load: the set-based statements that turn staged rows into versions in core.

See :mod:`pata.warehouse.load` for the versioning rules they implement (append-only
versions, a ``<fact>_current`` map of the version that stands, supersede, withdrawn
consent); everything runs in the caller's transaction.
"""

from __future__ import annotations

import time
from collections.abc import Sequence
from datetime import date
from typing import Any

import psycopg
from psycopg import sql

from pata.warehouse.load_model import FileBatch, LoadResult, SourceFile, Target
from pata.warehouse.staging import Stage

ANALYZE_FROM_ROWS = 10_000
"""Staged rows from which the staging table's key gets statistics before the merge."""


class Merge:
    """The set-based statements that turn the staged rows into versions in core."""

    def __init__(
        self,
        cursor: psycopg.Cursor[Any],
        *,
        target: Target,
        stage: Stage,
        source: SourceFile,
    ) -> None:
        self.cursor = cursor
        self.target = target
        self.stage = stage
        self.source = source
        self.period: date | None = None
        self.not_current = 0
        self.names = {
            "fact": sql.Identifier("core", target.fact),
            "current": sql.Identifier("core", target.current),
            "stage": stage.table,
            "touched": stage.touched,
            "key": sql.Identifier(target.key),
        }

    def _run(self, template: str, params: dict[str, Any], **extra: sql.Composable) -> int:
        self.cursor.execute(sql.SQL(template).format(**self.names, **extra), params)
        return max(self.cursor.rowcount, 0)

    def run(self, *, batch: FileBatch, replaced: Sequence[int]) -> LoadResult:
        deleted = self._delete_replaced(replaced) if replaced else 0
        if batch.withdrawn_keys:
            deleted += self._delete_withdrawn(sorted(batch.withdrawn_keys))
        if replaced:
            self._restore_best_remaining()
        self._insert_withheld(batch)
        if not batch.rows:
            return LoadResult(inserted=0, updated=0, deleted=deleted, withheld=batch.withheld_total)
        if batch.rows >= ANALYZE_FROM_ROWS:
            # Statistics of the key only: the merge joins on it (all columns would cost more
            # than the merge on a wide table).
            self._run("analyze {stage} ({key})", {})
        self.period = self._source_period()
        params = {"partner": self.source.partner_code, "ledger": self.source.ledger_id}
        params["period"] = self.period
        stored = self._insert_versions(params)
        new_records, replaced_current = self._point_to_new_versions(params)
        self.not_current = stored - new_records - replaced_current
        return LoadResult(
            inserted=new_records,
            updated=stored - new_records,
            deleted=deleted,
            withheld=batch.withheld_total,
        )

    def _delete_replaced(self, replaced: Sequence[int]) -> int:
        """Delete exactly the versions of the superseded files; remember their records."""
        params = {"partner": self.source.partner_code, "ledgers": list(replaced)}
        deleted = self._run(
            """
            with gone as (
                delete from {fact} f
                where f.partner_code = %(partner)s and f.ledger_id = any(%(ledgers)s)
                returning f.{key}
            )
            insert into {touched} ({key}) select {key} from gone
            """,
            params,
        )
        self._run(
            "delete from {current} where partner_code = %(partner)s "
            "and ledger_id = any(%(ledgers)s)",
            params,
        )
        for table in ("withheld_no_consent", "withheld_person"):
            self._run(
                "delete from {table} where partner_code = %(partner)s "
                "and dataset = %(dataset)s and ledger_id = any(%(ledgers)s)",
                {**params, "dataset": self.source.dataset},
                table=sql.Identifier("core", table),
            )
        return deleted

    def _delete_withdrawn(self, keys: Sequence[str]) -> int:
        """Records whose consent is withheld now lose every version."""
        params = {"partner": self.source.partner_code, "keys": list(keys)}
        self._run(
            "delete from {current} where partner_code = %(partner)s and {key} = any(%(keys)s)",
            params,
        )
        return self._run(
            "delete from {fact} where partner_code = %(partner)s and {key} = any(%(keys)s)", params
        )

    def _restore_best_remaining(self) -> None:
        """Records whose standing version was superseded fall back to their best remaining one."""
        self._run(
            """
            insert into {current} (partner_code, {key}, ledger_id, source_period)
            select distinct on (v.{key}) v.partner_code, v.{key}, v.ledger_id, v.source_period
            from {fact} v
            where v.partner_code = %(partner)s and v.{key} in (select t.{key} from {touched} t)
            order by v.{key}, v.source_period desc, v.ledger_id desc
            on conflict (partner_code, {key}) do nothing
            """,
            {"partner": self.source.partner_code},
        )

    def _source_period(self) -> date | None:
        if self.source.period_start is not None:
            return self.source.period_start
        self.cursor.execute(sql.SQL("select max(period_month) from {}").format(self.stage.table))
        row = self.cursor.fetchone()
        return None if row is None else row[0]

    def _insert_versions(self, params: dict[str, Any]) -> int:
        """Store every staged row as a version of its record (append-only), in key order.

        In key order, the primary key's B-tree takes the rows leaf after leaf instead of at
        random places: 6.8 s instead of 10.2 s for 900,000 ``cases`` rows into an empty
        table, the sort included (BENCHMARKS.md, *The load stage*).
        """
        columns = sql.SQL(", ").join(sql.Identifier(name) for name in self.stage.columns)
        staged = sql.SQL(", ").join(sql.Identifier("s", name) for name in self.stage.columns)
        return self._run(
            """
            insert into {fact} (partner_code, {columns}, source_period, ledger_id, loaded_at)
            select %(partner)s, {staged}, %(period)s, %(ledger)s, now()
            from {stage} s
            order by s.{key}
            """,
            params,
            columns=columns,
            staged=staged,
        )

    def _point_to_new_versions(self, params: dict[str, Any]) -> tuple[int, int]:
        """Make this file's versions stand where they are the latest; (new, replaced) records.

        Two set-based statements (a hash join each) rather than INSERT ... ON CONFLICT, whose
        row-by-row speculative insertion is several times slower on a million rows; loads of
        one partner and dataset are serialised, so nothing can slip in between. New records
        go in in key order, as the versions do.
        """
        replaced = self._run(
            """
            update {current} m set ledger_id = %(ledger)s, source_period = %(period)s
            from {stage} s
            where m.partner_code = %(partner)s and m.{key} = s.{key}
              and (m.source_period, m.ledger_id) < (%(period)s::date, %(ledger)s::bigint)
            """,
            params,
        )
        new = self._run(
            """
            insert into {current} (partner_code, {key}, ledger_id, source_period)
            select %(partner)s, s.{key}, %(ledger)s, %(period)s
            from {stage} s
            where not exists (
                select 1 from {current} m
                where m.partner_code = %(partner)s and m.{key} = s.{key})
            order by s.{key}
            """,
            params,
        )
        return new, replaced

    def _insert_withheld(self, batch: FileBatch) -> None:
        """The withheld persons and counts of the file: one statement each (arrays unnested)."""
        if not batch.withheld:
            return
        persons = sorted(batch.withheld_persons)
        self.cursor.execute(
            "insert into core.withheld_person "
            "(ledger_id, partner_code, dataset, period_month, person_token) "
            "select %s, %s, %s, p.month, p.token "
            "from unnest(%s::date[], %s::text[]) as p (month, token) on conflict do nothing",
            (
                self.source.ledger_id,
                self.source.partner_code,
                self.source.dataset,
                [month for month, _token in persons],
                [token for _month, token in persons],
            ),
        )
        counts = sorted(batch.withheld.items())
        self.cursor.execute(
            "insert into core.withheld_no_consent "
            "(ledger_id, partner_code, dataset, period_month, withheld_count) "
            "select %s, %s, %s, c.month, c.n "
            "from unnest(%s::date[], %s::integer[]) as c (month, n) "
            "on conflict (ledger_id, period_month) do nothing",
            (
                self.source.ledger_id,
                self.source.partner_code,
                self.source.dataset,
                [month for month, _n in counts],
                [n for _month, n in counts],
            ),
        )


def write_audit(
    cursor: psycopg.Cursor[Any],
    *,
    source: SourceFile,
    batch: FileBatch,
    merge: Merge,
    result: LoadResult,
    started: float,
) -> None:
    cursor.execute(
        "insert into ops.load_audit (ledger_id, partner_code, dataset, key_fingerprint, "
        "source_period, chunks, rows_staged, rows_inserted, rows_updated, rows_not_current, "
        "rows_deleted, rows_withheld, seconds) "
        "values (%s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s)",
        (
            source.ledger_id,
            source.partner_code,
            source.dataset,
            batch.fingerprint or "",
            merge.period,
            batch.chunks,
            batch.rows,
            result.inserted,
            result.updated,
            merge.not_current,
            result.deleted,
            result.withheld,
            round(time.monotonic() - started, 3),
        ),
    )
