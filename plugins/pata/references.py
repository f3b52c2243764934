"""The references a file's rows make to rows loaded before (a rehabilitation row's case)."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from pata.ports import WarehousePort
    from pata.readers import RawTable
    from pata.registry import Partner


def known_case_ids_of(
    partner: Partner, *, warehouse: WarehousePort
) -> Callable[[RawTable], Callable[[], set[str]]]:
    """Per batch of a rehabilitation file: the supplier of its case ids the warehouse knows.

    Raw ids are never stored: each id of the batch is pseudonymised with the key and looked
    up among the partner's loaded case keys (once, when the validator first asks).
    """
    mapping = partner.dataset("rehabilitation").column_map

    def of(raw: RawTable) -> Callable[[], set[str]]:
        def known() -> set[str]:
            from pata.deid import normalise_record_id, pseudonymize

            column = next(
                (
                    index
                    for index, header in enumerate(raw.headers)
                    if header == "partner_case_id" or mapping.get(header) == "partner_case_id"
                ),
                None,
            )
            if column is None:
                return set()
            key = warehouse.pseudonym_key()
            ids = {v for v in raw.table.column(column).to_pylist() if v}
            by_key = {
                pseudonymize(
                    normalise_record_id(v), key=key, partner_code=partner.code, namespace="cases"
                ): v
                for v in ids
            }
            found = warehouse.known_record_keys(
                partner_code=partner.code, dataset="cases", keys=list(by_key)
            )
            return {by_key[k] for k in found}

        return known

    return of
