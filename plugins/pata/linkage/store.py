"""The ``linkage`` schema: store a file's encodings with its load; link in a step of its own.

Two steps, so that a file's load stays bounded by the file, never by the warehouse:

1. :func:`store_encodings`, in the load's transaction (the encodings were computed while
   the task read the names): the file's encodings are upserted, keeping only records that
   are in core now (a row withheld for lack of consent, or superseded, leaves no
   encoding); encodings of the partner and dataset whose record left core (a superseded
   file, a withdrawn consent) are deleted with their matches and cluster rows. A new or
   changed encoding loses its matches and its cluster row: it is *pending*.
2. :func:`link_pending`, its own transaction (first thing of every indicators refresh:
   :func:`pata.indicators.refresh.refresh_indicators`; ``pata linkage link``), under one
   advisory lock so two runs
   never relink at once: the pending records are compared again with the records sharing
   a block (:func:`pata.linkage.matching.match_records` with those records as queries: the
   affected blocks only, never all of them), a slice of :data:`LINK_SLICE` at a time, and
   the clusters (connected components of every match) are recomputed, rewriting the rows
   that changed. Nothing pending and nothing pruned: nothing changes (idempotent).

No function here logs or raises with a value from the encodings.
"""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import numpy as np
import pyarrow as pa
from sqlalchemy import Connection, Engine, bindparam, text
from sqlalchemy.dialects.postgresql import ARRAY, BIGINT, TEXT

from pata.linkage.encoding import CLK_BYTES
from pata.linkage.matching import Match, Records, clusters, match_records

log = logging.getLogger(__name__)

_LOCK = "select pg_advisory_xact_lock(hashtext('pata.linkage'))"
_INCOMING = """
create temporary table linkage_incoming (
    seq bigint generated always as identity,
    record_key text not null,
    clk bytea not null,
    birth_block text,
    name_blocks text[] not null
) on commit drop
"""
_COPY_INCOMING = "copy linkage_incoming (record_key, clk, birth_block, name_blocks) from stdin"
# A record key twice in one file: its last row wins (the order COPY numbered them in).
_LAST_INCOMING = """(
    select distinct on (record_key) record_key, clk, birth_block, name_blocks
    from linkage_incoming
    order by record_key, seq desc
)"""
# Only records core holds now: the de-identification withheld some rows (no consent), and
# a superseded version no longer stands. The current-version tables themselves (their
# primary key), not the labelled views people read: an index probe per record.
_IN_CORE = """
(
    (:dataset = 'cases' and exists (
        select 1 from core.fact_case_current as c
        where c.partner_code = :partner and c.record_key = {alias}.record_key collate "C"))
    or (:dataset = 'rehabilitation' and exists (
        select 1 from core.fact_rehabilitation_enrolment_current as r
        where r.partner_code = :partner and r.record_key = {alias}.record_key collate "C"))
)
"""
_UPSERT = (
    """
insert into linkage.record_encoding
    (partner_code, dataset, record_key, ledger_id, clk, birth_block, name_blocks, key_fingerprint)
select :partner, :dataset, i.record_key, :ledger_id, i.clk, i.birth_block, i.name_blocks,
       :fingerprint
from """
    + _LAST_INCOMING
    + """ as i
where """
    + _IN_CORE.format(alias="i")
    + """
on conflict (partner_code, dataset, record_key) do update
    set ledger_id = excluded.ledger_id,
        clk = excluded.clk,
        birth_block = excluded.birth_block,
        name_blocks = excluded.name_blocks,
        key_fingerprint = excluded.key_fingerprint
    where (record_encoding.clk, record_encoding.birth_block, record_encoding.name_blocks,
           record_encoding.key_fingerprint)
        is distinct from
          (excluded.clk, excluded.birth_block, excluded.name_blocks, excluded.key_fingerprint)
returning id
"""
)
_PRUNE = """
delete from linkage.record_encoding as e
where e.partner_code = :partner and e.dataset = :dataset and not """ + _IN_CORE.format(alias="e")
_DROP_MATCHES = """
delete from linkage.record_match
where first_id = any(:ids) or second_id = any(:ids)
"""
_DROP_REDECIDED = """
delete from linkage.record_match where pass = 2 and first_id = any(:ids)
"""
_NEIGHBOURS = """
select id, clk, birth_block, name_blocks
from linkage.record_encoding
where key_fingerprint = :fingerprint
  and (birth_block = any(:birth_blocks) or name_blocks && :name_blocks)
"""
_DROP_CLUSTER_ROWS = """
delete from linkage.person_cluster where record_id = any(:ids)
"""
# Pending: an encoding without a cluster row (new, or changed since it was linked).
_PENDING = """
select e.id, e.key_fingerprint
from linkage.record_encoding as e
where not exists (select 1 from linkage.person_cluster as c where c.record_id = e.id)
order by e.id
"""
_INSERT_MATCH = """
insert into linkage.record_match (first_id, second_id, pass, score)
values (:first_id, :second_id, :pass, :score)
on conflict (first_id, second_id) do update set pass = excluded.pass, score = excluded.score
"""


@dataclass(frozen=True)
class StoreResult:
    """What storing one file's encodings changed, in counts."""

    stored: int
    pruned: int


@dataclass(frozen=True)
class LinkResult:
    """What one linkage run changed, in counts."""

    pending: int
    compared: int
    matches: int
    clusters_changed: int


_INSERT_ROWS = 5_000
"""Matches inserted per statement."""

LINK_SLICE = 20_000
"""Pending records relinked per comparison (bounds the matches held in memory)."""


def store_encodings(
    conn: Connection,
    encodings: pa.Table | Iterable[pa.RecordBatch],
    *,
    partner_code: str,
    dataset: str,
    ledger_id: int,
    key_fingerprint: str,
) -> StoreResult:
    """Store one file's encodings (:data:`~pata.linkage.encoding.ENCODING_SCHEMA`) in the
    caller's transaction; new and changed ones are left pending for :func:`link_pending`."""
    params = {"partner": partner_code, "dataset": dataset}
    conn.execute(text(_INCOMING))
    batches = encodings.to_batches() if isinstance(encodings, pa.Table) else encodings
    driver = conn.connection.driver_connection
    assert driver is not None
    with driver.cursor() as cursor, cursor.copy(_COPY_INCOMING) as copy:
        for batch in batches:
            # A batch at a time, by COPY: a file's encodings are never all Python objects
            # at once, and no statement per row.
            columns = batch.select(["record_key", "clk", "birth_block", "name_blocks"])
            for row in zip(*(column.to_pylist() for column in columns.columns), strict=True):
                copy.write_row(row)
    changed = list(
        conn.execute(
            text(_UPSERT), {**params, "ledger_id": ledger_id, "fingerprint": key_fingerprint}
        ).scalars()
    )
    pruned = conn.execute(text(_PRUNE), params).rowcount
    conn.execute(text("drop table linkage_incoming"))
    if changed:
        ids = bindparam("ids", type_=ARRAY(BIGINT))
        conn.execute(text(_DROP_MATCHES).bindparams(ids), {"ids": changed})
        conn.execute(text(_DROP_CLUSTER_ROWS).bindparams(ids), {"ids": changed})
    log.info(
        "linkage: %s encodings stored (pending), %s pruned (partner %s, %s)",
        len(changed),
        pruned,
        partner_code,
        dataset,
    )
    return StoreResult(len(changed), pruned)


def link_pending(conn: Connection, *, slice_size: int = LINK_SLICE) -> LinkResult:
    """Relink every pending encoding and recompute the clusters, in the caller's
    transaction (see the module docstring)."""
    conn.execute(text(_LOCK))
    pending = conn.execute(text(_PENDING)).all()
    compared = found = 0
    by_key: dict[str, list[int]] = {}
    for identifier, fingerprint in pending:
        by_key.setdefault(str(fingerprint), []).append(int(identifier))
    for fingerprint, ids in sorted(by_key.items()):
        for start in range(0, len(ids), slice_size):
            loaded, written = relink(
                conn, ids[start : start + slice_size], key_fingerprint=fingerprint
            )
            compared += loaded
            found += written
    moved = recluster(conn)
    log.info(
        "linkage: %s pending records linked, %s compared, %s matches, %s cluster rows changed",
        len(pending),
        compared,
        found,
        moved,
    )
    return LinkResult(len(pending), compared, found, moved)


def link_warehouse(engine: Engine) -> LinkResult:
    """:func:`link_pending` in a transaction of its own: the linkage step (indicators
    refresh, CLI)."""
    with engine.begin() as conn:
        return link_pending(conn)


def relink(conn: Connection, changed: Sequence[int], *, key_fingerprint: str) -> tuple[int, int]:
    """Recompute the matches of ``changed`` encodings against their blocks.

    Returns (records loaded for comparison, matches written).
    """
    if not changed:
        return 0, 0
    ids_param = bindparam("ids", type_=ARRAY(BIGINT))
    conn.execute(text(_DROP_MATCHES).bindparams(ids_param), {"ids": list(changed)})
    own = conn.execute(
        text(
            "select birth_block, name_blocks from linkage.record_encoding where id = any(:ids)"
        ).bindparams(ids_param),
        {"ids": list(changed)},
    ).all()
    birth_blocks = sorted({row.birth_block for row in own if row.birth_block})
    name_blocks = sorted({block for row in own for block in row.name_blocks})
    loaded = _load(conn, birth_blocks, name_blocks, key_fingerprint)
    # Records without a birth date near a changed one may now have a better candidate:
    # their own name blocks' members are needed to decide again.
    touched = set(name_blocks)
    deciding = [
        index
        for index, blocks in enumerate(loaded.name_blocks)
        if loaded.birth_blocks[index] is None and touched.intersection(blocks)
    ]
    more = sorted({b for index in deciding for b in loaded.name_blocks[index]} - touched)
    if more:
        loaded = loaded.merged(_load(conn, [], more, key_fingerprint))
    ids = np.asarray(loaded.ids, dtype=np.int64)
    records = Records.of(loaded.clks, loaded.birth_blocks, loaded.name_blocks)
    queries = np.isin(ids, np.asarray(changed, dtype=np.int64))
    matches = match_records(records, queries=queries)
    redecided = [
        int(ids[index])
        for index, blocks in enumerate(records.name_blocks)
        if records.birth_blocks[index] is None and (queries[index] or touched.intersection(blocks))
    ]
    if redecided:
        conn.execute(text(_DROP_REDECIDED).bindparams(ids_param), {"ids": redecided})
    insert = text(_INSERT_MATCH)
    for start in range(0, len(matches), _INSERT_ROWS):  # parameters a slice at a time
        conn.execute(
            insert,
            [
                {
                    "first_id": int(ids[m.first]),
                    "second_id": int(ids[m.second]),
                    "pass": m.pass_,
                    "score": min(1.0, m.score),
                }
                for m in matches[start : start + _INSERT_ROWS]
            ],
        )
    return len(records), len(matches)


def recluster(conn: Connection) -> int:
    """Recompute every cluster from the matches; rewrite the rows that changed."""
    members = conn.execute(
        text(
            "select id, partner_code, dataset, record_key from linkage.record_encoding order by id"
        )
    ).all()
    if not members:
        return 0
    ids = np.asarray([row.id for row in members], dtype=np.int64)
    position = {int(identifier): index for index, identifier in enumerate(ids.tolist())}
    found = conn.execute(
        text("select first_id, second_id, pass, score from linkage.record_match")
    ).all()
    matches = [Match(position[a], position[b], int(p), float(score)) for a, b, p, score in found]
    labels = clusters(len(ids), matches, parties=[row.partner_code for row in members])
    # The cluster's pseudonym: of its smallest member by (partner, dataset, record key), so
    # it does not depend on the order records arrived in.
    smallest: dict[int, str] = {}
    for index, row in enumerate(members):
        name = f"{row.partner_code}\x1f{row.dataset}\x1f{row.record_key}"
        label = int(labels[index])
        if label not in smallest or name < smallest[label]:
            smallest[label] = name
    keys = {
        label: hashlib.sha256(f"cluster\x1f{name}".encode()).hexdigest()
        for label, name in smallest.items()
    }
    current: dict[int, str] = {
        int(record_id): str(cluster_key)
        for record_id, cluster_key in conn.execute(
            text("select record_id, cluster_key from linkage.person_cluster")
        ).all()
    }
    rows = [
        {"record_id": int(ids[index]), "cluster_key": keys[int(label)]}
        for index, label in enumerate(labels.tolist())
        if current.get(int(ids[index])) != keys[int(label)]
    ]
    if rows:
        conn.execute(
            text(
                "insert into linkage.person_cluster (record_id, cluster_key) "
                "values (:record_id, :cluster_key) "
                "on conflict (record_id) do update set cluster_key = excluded.cluster_key"
            ),
            rows,
        )
    return len(rows)


@dataclass(frozen=True)
class _Loaded:
    """Encodings read back for comparison (ids, packed filters, blocking keys)."""

    ids: list[int]
    clks: np.ndarray
    birth_blocks: list[str | None]
    name_blocks: list[list[str]]

    def merged(self, other: _Loaded) -> _Loaded:
        seen = set(self.ids)
        keep = [index for index, identifier in enumerate(other.ids) if identifier not in seen]
        return _Loaded(
            self.ids + [other.ids[i] for i in keep],
            np.concatenate([self.clks, other.clks[keep]]),
            self.birth_blocks + [other.birth_blocks[i] for i in keep],
            self.name_blocks + [other.name_blocks[i] for i in keep],
        )


def _load(
    conn: Connection, birth_blocks: Sequence[str], name_blocks: Sequence[str], fingerprint: str
) -> _Loaded:
    statement = text(_NEIGHBOURS).bindparams(
        bindparam("birth_blocks", type_=ARRAY(TEXT)), bindparam("name_blocks", type_=ARRAY(TEXT))
    )
    found = conn.execute(
        statement,
        {
            "birth_blocks": list(birth_blocks),
            "name_blocks": list(name_blocks),
            "fingerprint": fingerprint,
        },
    ).all()
    clks = np.frombuffer(b"".join(bytes(row.clk) for row in found), dtype=np.uint8)
    return _Loaded(
        [int(row.id) for row in found],
        clks.reshape(len(found), CLK_BYTES),
        [row.birth_block for row in found],
        [list(row.name_blocks) for row in found],
    )
