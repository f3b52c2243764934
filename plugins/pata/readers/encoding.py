"""Recognise the text encoding of a partner file: BOM, then strict UTF-8, then a legacy code page.

Partners export from Excel ("CSV UTF-8", "Unicode text" = UTF-16 LE with a BOM, or plain
"CSV" in the Windows code page of the machine, e.g. cp874 for Thai), from case systems and
from scripts. Detection works on a sample; a file that is ASCII in its sample and turns
out to be in a legacy code page further down is handled by :func:`encoding_after_invalid_utf8`.
"""

from __future__ import annotations

import codecs
import logging
import re
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

import charset_normalizer

from pata.readers.model import UnreadableFile, blocker

log = logging.getLogger(__name__)

SAMPLE_BYTES = 64 * 1024
"""How much of the start of a file is used to recognise its encoding and delimiter."""

_CHUNK_BYTES = 1024 * 1024

REGIONAL_CODE_PAGES = ("cp874", "cp1252")
"""Legacy code pages tried first: Thai, then Western (English, Filipino, Malay).

Khmer, Nepali and Bengali have no legacy code page in use (legacy fonts map ASCII), so
their files are Unicode. Restricting the first guess keeps short samples from being read
as, say, Japanese; any other code page is still tried when none of these fits.
"""

_SUPERSETS = {"tis-620": "cp874", "iso8859-11": "cp874", "latin-1": "cp1252", "iso8859-1": "cp1252"}
"""Code pages replaced by the Windows superset that Excel actually writes."""

_BOMS = (
    # UTF-32 LE starts like UTF-16 LE, so it must be tested first.
    (codecs.BOM_UTF32_LE, "utf-32", "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32", "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig", "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16", "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16", "utf-16"),
)


@dataclass(frozen=True)
class TextEncoding:
    """A recognised encoding: the name reported to people and the codec that decodes it.

    ``codec`` decodes the whole file from its first byte; for encodings with a BOM it
    consumes the BOM.
    """

    name: str
    codec: str

    @property
    def is_utf8(self) -> bool:
        """Tell whether the bytes are UTF-8 (with or without a BOM)."""
        return self.codec in ("utf-8", "utf-8-sig")


UTF8 = TextEncoding(name="utf-8", codec="utf-8")

_NON_ASCII = re.compile(rb"[\x80-\xff]")


def encoding_error() -> UnreadableFile:
    """Build the blocker raised when the text cannot be decoded."""
    return blocker(
        "encoding-error",
        "The file's text encoding could not be recognised, or the file mixes several "
        "encodings. Save it again as 'CSV UTF-8' from Excel (or as UTF-8 from your system) "
        "and send it again.",
    )


def detect_encoding(sample: bytes, *, complete: bool) -> TextEncoding:
    """Recognise the encoding of a file from a sample of its first bytes.

    ``complete`` says the sample is the whole file (so a multi-byte character cut at the
    end of the sample is an error, not a truncation).
    """
    for bom, name, codec in _BOMS:
        if sample.startswith(bom):
            return TextEncoding(name=name, codec=codec)
    bomless_utf16 = _bomless_utf16(sample)
    if bomless_utf16 is not None:
        return bomless_utf16
    if _is_utf8(sample, complete=complete):
        return UTF8
    return detect_legacy_encoding(sample)


def detect_legacy_encoding(sample: bytes) -> TextEncoding:
    """Recognise a legacy (non-Unicode) code page, regional ones first.

    Only the lines holding non-ASCII bytes are looked at: in a mostly-English file a few
    Thai names would otherwise drown in ASCII, and any code page would look right. On short
    samples charset-normalizer often finds several code pages equally clean; the tie is
    broken by preferring the decoding whose words do not mix scripts (``Jos้`` is cp1252
    text read as cp874), then by the order of :data:`REGIONAL_CODE_PAGES`.
    """
    telling = b"\n".join(line for line in sample.split(b"\n") if not line.isascii()) or sample
    chaos = {
        codecs.lookup(match.encoding).name: match.chaos
        for match in charset_normalizer.from_bytes(telling, cp_isolation=list(REGIONAL_CODE_PAGES))
    }
    decodings = {
        codec: text
        for codec in REGIONAL_CODE_PAGES
        if (text := _decoded_or_none(telling, codec=codec)) is not None
    }
    if not decodings:
        best = charset_normalizer.from_bytes(telling).best()
        if best is None:
            raise encoding_error()
        decodings = {codecs.lookup(best.encoding).name: str(best)}
        chaos = {codecs.lookup(best.encoding).name: best.chaos}
    chosen = min(
        decodings,
        key=lambda codec: (
            _implausibility(decodings[codec]),
            chaos.get(codec, 1.0),
            _regional_rank(codec),
        ),
    )
    codec = _SUPERSETS.get(chosen, chosen)
    log.info("recognised legacy code page %s", codec)
    return TextEncoding(name=codec, codec=codec)


def _decoded_or_none(data: bytes, *, codec: str) -> str | None:
    try:
        return data.decode(codec)
    except UnicodeDecodeError:
        return None


def decode_sample(sample: bytes, *, encoding: TextEncoding, complete: bool) -> str:
    """Decode a sample strictly, tolerating a character cut at its end unless complete."""
    decoder = codecs.getincrementaldecoder(encoding.codec)(errors="strict")
    try:
        return str(decoder.decode(sample, final=complete))
    except UnicodeDecodeError:
        raise encoding_error() from None


@dataclass(frozen=True)
class InvalidUtf8:
    """Where the first byte sequence that is not UTF-8 sits, and whether all before is ASCII."""

    offset: int
    ascii_before: bool


def find_invalid_utf8(chunks: Iterable[bytes]) -> InvalidUtf8 | None:
    """Scan bytes chunk by chunk (bounded memory) for the first invalid UTF-8 sequence."""
    decoder = codecs.getincrementaldecoder("utf-8")(errors="strict")
    offset = 0
    first_non_ascii: int | None = None
    for chunk in chunks:
        # The decoder's input starts with the bytes it held back from the previous chunk
        # (a character cut by the chunk boundary), so its error positions count from there.
        input_start = offset - len(decoder.getstate()[0])
        if first_non_ascii is None and not chunk.isascii():
            match = _NON_ASCII.search(chunk)
            first_non_ascii = offset + (match.start() if match else 0)
        try:
            decoder.decode(chunk)
        except UnicodeDecodeError as error:
            return _invalid_at(input_start + error.start, first_non_ascii=first_non_ascii)
        offset += len(chunk)
    input_start = offset - len(decoder.getstate()[0])
    try:
        decoder.decode(b"", final=True)
    except UnicodeDecodeError as error:
        return _invalid_at(input_start + error.start, first_non_ascii=first_non_ascii)
    return None


def _invalid_at(position: int, *, first_non_ascii: int | None) -> InvalidUtf8:
    ascii_before = first_non_ascii is None or first_non_ascii >= position
    return InvalidUtf8(offset=position, ascii_before=ascii_before)


def encoding_after_invalid_utf8(invalid: InvalidUtf8, *, window: bytes) -> TextEncoding:
    """Choose the legacy code page of a file whose UTF-8 sample was only ASCII.

    Re-reading in a legacy code page is only safe when everything before the first invalid
    byte is ASCII; otherwise the file mixes UTF-8 and something else, and any choice would
    garble part of it.
    """
    if not invalid.ascii_before:
        raise encoding_error()
    return detect_legacy_encoding(window)


def _is_utf8(sample: bytes, *, complete: bool) -> bool:
    decoder = codecs.getincrementaldecoder("utf-8")(errors="strict")
    try:
        decoder.decode(sample, final=complete)
    except UnicodeDecodeError:
        return False
    return True


def _bomless_utf16(sample: bytes) -> TextEncoding | None:
    """Recognise UTF-16 without a BOM by the NUL bytes of its ASCII characters."""
    head = sample[:4096]
    if len(head) < 4 or head.count(0) < len(head) // 4:
        return None
    even_nuls = head[0::2].count(0)
    odd_nuls = head[1::2].count(0)
    if odd_nuls > 3 * max(even_nuls, 1):
        return TextEncoding(name="utf-16-le", codec="utf-16-le")
    if even_nuls > 3 * max(odd_nuls, 1):
        return TextEncoding(name="utf-16-be", codec="utf-16-be")
    return None


def decodes_strictly(chunks: Iterable[bytes], *, encoding: TextEncoding) -> bool:
    """Tell whether every chunk decodes in the encoding (bounded memory, output discarded)."""
    decoder = codecs.getincrementaldecoder(encoding.codec)(errors="strict")
    try:
        for chunk in chunks:
            decoder.decode(chunk)
        decoder.decode(b"", final=True)
    except UnicodeDecodeError:
        return False
    return True


_SCRIPTS = frozenset(
    {
        "LATIN",
        "THAI",
        "LAO",
        "KHMER",
        "MYANMAR",
        "DEVANAGARI",
        "BENGALI",
        "CJK",
        "HIRAGANA",
        "KATAKANA",
        "HANGUL",
        "CYRILLIC",
        "GREEK",
        "ARABIC",
        "HEBREW",
    }
)
_TOKEN = re.compile(r"[^\s!-@\[-`{-~]+")
"""A run of characters between spaces, ASCII digits and ASCII punctuation."""


def _implausibility(text: str) -> int:
    """Count words mixing scripts or starting with a combining mark, and odd characters."""
    mixed_words = sum(
        1
        for word in _TOKEN.findall(text)
        if len(_scripts_of(word)) > 1 or unicodedata.category(word[0]).startswith("M")
    )
    odd_characters = sum(
        1
        for character in text
        if unicodedata.category(character) in ("Co", "Cn", "Cc") and character not in "\t\r\n"
    )
    return mixed_words + odd_characters


def _scripts_of(word: str) -> set[str]:
    scripts = set()
    for character in word:
        if character.isascii():
            if character.isalpha():
                scripts.add("LATIN")
            continue
        script = unicodedata.name(character, "").split(" ", 1)[0]
        if script in _SCRIPTS:
            scripts.add(script)
    return scripts


def _regional_rank(codec: str) -> int:
    return REGIONAL_CODE_PAGES.index(codec) if codec in REGIONAL_CODE_PAGES else 99


def decode_document(data: bytes) -> tuple[str, TextEncoding]:
    """Decode a whole document held in memory, recognising its encoding; BOM removed."""
    encoding = detect_encoding(data[:SAMPLE_BYTES], complete=len(data) <= SAMPLE_BYTES)
    try:
        return data.decode(encoding.codec).lstrip("\ufeff"), encoding
    except UnicodeDecodeError:
        if not encoding.is_utf8:
            raise encoding_error() from None
    encoding = legacy_encoding_after_utf8(data)
    try:
        return data.decode(encoding.codec), encoding
    except UnicodeDecodeError:
        raise encoding_error() from None


def legacy_encoding_after_utf8(data: bytes) -> TextEncoding:
    """Choose the legacy code page of in-memory bytes whose UTF-8 sample was only ASCII."""
    invalid = find_invalid_utf8(_chunks(data))
    if invalid is None:
        raise encoding_error()
    window = data[max(invalid.offset - SAMPLE_BYTES // 2, 0) : invalid.offset + SAMPLE_BYTES // 2]
    return encoding_after_invalid_utf8(invalid, window=window)


def settle_file_encoding(path: Path, *, encoding: TextEncoding) -> TextEncoding:
    """Make sure a whole file decodes (one bounded-memory pass), switching code page if needed."""
    if encoding.is_utf8:
        invalid = find_invalid_utf8(file_chunks(path))
        if invalid is None:
            return encoding
        with path.open("rb") as stream:
            stream.seek(max(invalid.offset - SAMPLE_BYTES // 2, 0))
            window = stream.read(SAMPLE_BYTES)
        encoding = encoding_after_invalid_utf8(invalid, window=window)
    if not decodes_strictly(file_chunks(path), encoding=encoding):
        raise encoding_error()
    return encoding


def file_chunks(path: Path) -> Iterator[bytes]:
    """Yield a file's bytes in chunks of one MiB."""
    with path.open("rb") as stream:
        while chunk := stream.read(_CHUNK_BYTES):
            yield chunk


def _chunks(data: bytes) -> Iterator[bytes]:
    view = memoryview(data)
    for start in range(0, len(data), _CHUNK_BYTES):
        yield bytes(view[start : start + _CHUNK_BYTES])
