"""Partner-file readers: one CSV, spreadsheet or JSON file becomes batches of string tables.

The readers only decode: every cell stays text (typing against the dataset contract comes
later), each row keeps the number a partner sees in a spreadsheet (``__row``), and what is
wrong with the file is listed as :class:`FileProblem` objects, never quoting a cell.
A file that cannot be read at all raises :class:`UnreadableFile` with a stable code.
"""

from __future__ import annotations

from pata.readers.formats import detect_format
from pata.readers.model import (
    DEFAULT_LIMITS,
    ROW_COLUMN,
    FileFormat,
    FileProblem,
    RawTable,
    ReadLimits,
    UnreadableFile,
)
from pata.readers.reading import gather, iter_raw_batches, read_raw

__all__ = [
    "DEFAULT_LIMITS",
    "ROW_COLUMN",
    "FileFormat",
    "FileProblem",
    "RawTable",
    "ReadLimits",
    "UnreadableFile",
    "detect_format",
    "gather",
    "iter_raw_batches",
    "read_raw",
]
