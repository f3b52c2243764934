"""Which registered partner and dataset a dropped file belongs to, and what kind of file it is.

A file dropped in the wrong place (an unknown partner folder, a dataset the partner is not
registered for, an unsupported type) is rejected by :func:`attribute` before it is read.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from pata import dropzone
from pata.errors import PataError

if TYPE_CHECKING:
    from pata.registry import Partner


class Rejection(PataError):
    """A file-level reason to reject a file, with the problems to report."""

    def __init__(self, message: str, *, code: str, problems: list[Any] | None = None) -> None:
        super().__init__(message, code=code)
        self.problems = problems or []


def attribute(drop: dropzone.DropKey) -> Partner:
    """The registered partner of a drop, or :class:`Rejection` for a misplaced file."""
    from pata.contracts import DATASETS
    from pata.registry import load_registry

    registry = load_registry()
    if drop.partner not in registry.partners:
        raise Rejection(
            "The partner folder is not a registered partner code. Upload into your own "
            "partner folder, or ask the regional data team to register you.",
            code="unknown-partner",
        )
    if drop.dataset not in DATASETS:
        raise Rejection(
            "The dataset folder is not one of: " + ", ".join(DATASETS) + ".",
            code="unknown-dataset",
        )
    partner = registry.partner(drop.partner)
    if drop.dataset not in partner.datasets:
        raise Rejection(
            "Your organisation is not registered to send this dataset. Check the folder, or "
            "ask the regional data team to add it to your registration.",
            code="dataset-not-registered",
        )
    suffix = "." + drop.filename.rsplit(".", 1)[-1].lower() if "." in drop.filename else ""
    if suffix not in dropzone.SUPPORTED_SUFFIXES:
        raise Rejection(
            "This type of file is not supported. Send CSV, a spreadsheet (XLSX, XLS, ODS) or JSON.",
            code="unsupported-format",
        )
    return partner
