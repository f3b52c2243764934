"""Names shared by the DAG files: the assets and the Airflow connection ids."""

from __future__ import annotations

DROPZONE_ASSET = "pata_dropzone"
WAREHOUSE_ASSET = "pata_warehouse_core"
AWS_CONN_ID = "pata_aws"
WAREHOUSE_CONN_ID = "pata_warehouse"
OWNER = "pata-data-engineering"
# Datasets whose rows reference another dataset's records are processed after it.
PROCESSING_ORDER = ("cases", "awareness_sessions", "network_events", "rehabilitation")


def in_processing_order(keys: list[str]) -> list[str]:
    """Keys sorted so referenced datasets come first (cases before rehabilitation)."""
    rank = {name: i for i, name in enumerate(PROCESSING_ORDER)}

    def order(key: str) -> tuple[int, str]:
        parts = key.split("/")
        return (rank.get(parts[2], len(rank)) if len(parts) > 2 else len(rank), key)

    return sorted(dict.fromkeys(keys), key=order)


def file_label(key: str) -> str:
    """A label for a mapped task instance: partner/dataset/period, never the file name."""
    from pata.periods import period_from_filename

    parts = key.split("/")
    period = period_from_filename(parts[-1])
    label = "/".join(p for p in (parts[0], parts[2] if len(parts) > 2 else "") if p)
    return f"{label}/{period.label}" if period else label
