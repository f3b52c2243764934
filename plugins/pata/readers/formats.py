"""Recognise a partner file's format from its name and its first bytes."""

from __future__ import annotations

from pathlib import PurePosixPath

from pata.readers.model import FileFormat

ZIP_MAGIC = b"PK\x03\x04"
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
"""Compound File Binary: an old ``.xls`` workbook or a password-protected ``.xlsx``."""

_BOMS = (b"\xef\xbb\xbf", b"\xff\xfe\x00\x00", b"\x00\x00\xfe\xff", b"\xff\xfe", b"\xfe\xff")

_EXTENSIONS: dict[str, FileFormat] = {
    ".csv": "csv",
    ".tsv": "csv",
    ".tab": "csv",
    ".txt": "csv",
    ".xlsx": "xlsx",
    ".xlsm": "xlsx",
    ".xls": "xls",
    ".ods": "ods",
    ".json": "json",
    ".ndjson": "json",
    ".jsonl": "json",
}


def detect_format(filename: str, head: bytes) -> FileFormat | None:
    """Return the format of a file from its extension and magic bytes, or None if unsupported.

    Magic bytes win over the extension: a zip is read as a workbook whatever its name (an
    OpenDocument spreadsheet when named ``.ods``, else an Excel workbook), and a Compound
    File is an old Excel workbook (``.xls``; an encrypted ``.xlsx`` is one too, and fails
    to open as a workbook). Otherwise the extension decides; a file without a known
    extension is JSON when its text starts with ``[`` or ``{``, and unsupported otherwise.
    """
    by_extension = _EXTENSIONS.get(PurePosixPath(filename).suffix.lower())
    if head.startswith(ZIP_MAGIC):
        return "ods" if by_extension == "ods" else "xlsx"
    if head.startswith(OLE_MAGIC):
        return "xls"
    if by_extension is not None:
        return by_extension
    if _looks_like_json(head):
        return "json"
    return None


def format_of(filename: str) -> FileFormat:
    """The format a file's name says (the ledger's ``file_format``); CSV when it says none."""
    return _EXTENSIONS.get(PurePosixPath(filename).suffix.lower(), "csv")


def is_compound_file(head: bytes) -> bool:
    """Tell whether the bytes start an old ``.xls`` or a password-protected workbook."""
    return head.startswith(OLE_MAGIC)


def _looks_like_json(head: bytes) -> bool:
    for bom in _BOMS:
        if head.startswith(bom):
            head = head[len(bom) :]
            break
    # UTF-16/32 text has NUL bytes between ASCII characters; drop them before looking.
    text = head.replace(b"\x00", b"").lstrip()
    return text[:1] in (b"[", b"{")
