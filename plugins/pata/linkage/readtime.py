"""The pipeline's hook: encode person rows while the task holds the names, store at load.

The pipeline calls, inside the task that reads a file::

    encoder = ReadTimeEncoder.for_file(dataset=..., partner=..., key=..., pseudonym_key=...)
    encoder.add(valid_rows)          # each batch of valid rows, while the names exist
    warehouse.store_encodings(tx, encoder.encodings(), ...)  # in the load's transaction

(``FileRun._deidentified`` and ``FileRun._stream``; the warehouse port's
``store_encodings`` calls :func:`pata.linkage.store.store_encodings`.) Matching is not
done here: :func:`pata.linkage.store.link_pending` runs as its own step after loads.

For a dataset without person names (``awareness_sessions``, ``network_events``) the
encoder does nothing. :func:`encode_rows` is the pure function underneath: it returns
only record pseudonyms, filters and keyed blocking keys (no name, no date).
"""

from __future__ import annotations

import contextlib
import logging
import os
import tempfile
import weakref
from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING, Any

import pandas as pd
import pyarrow as pa
import pyarrow.ipc as ipc

from pata.linkage.encoding import ENCODING_SCHEMA, Encoder, Person, PersonMemo, encoding_table
from pata.linkage.secret import LinkageKey

if TYPE_CHECKING:
    from pata.contracts import Contract
    from pata.keys import PseudonymKey

log = logging.getLogger(__name__)

LINKED_DATASETS = ("cases", "rehabilitation")
FIRST_NAME = "prs_FirstName"
SECOND_NAME = "prs_SecondName"
BIRTHDATE = "prs_Birthdate"
GENDER = "prs_Gender"
CITIZENSHIP = "prs_Citizenship"


def encode_rows(
    frame: pd.DataFrame,
    *,
    contract: Contract,
    partner: str,
    key: LinkageKey,
    pseudonym_key: PseudonymKey,
    encoder: Encoder | None = None,
) -> pa.Table:
    """Encodings of the person rows of ``frame`` (valid rows, canonical column names).

    Returns a table of :data:`~pata.linkage.encoding.ENCODING_SCHEMA`: ``record_key`` (the
    record pseudonym the de-identification gives the row), ``clk``, ``birth_block``,
    ``name_blocks``. Rows without a record id or without any name are left out.
    """
    from pata.deid import normalise_record_id, pseudonymize

    encoder = encoder or Encoder(key)
    if contract.dataset not in LINKED_DATASETS or not len(frame):
        return ENCODING_SCHEMA.empty_table()

    def column(name: str) -> list[Any]:
        if name not in frame.columns:
            return [None] * len(frame)
        return frame[name].astype(object).where(frame[name].notna(), None).tolist()

    ids = column(contract.record_id)
    firsts, seconds = column(FIRST_NAME), column(SECOND_NAME)
    births, genders, citizenships = column(BIRTHDATE), column(GENDER), column(CITIZENSHIP)
    record_keys: list[str] = []
    persons: list[Person] = []
    # Normalised once per distinct value of the batch; the memo lives as long as this call,
    # inside the task that reads the names.
    memo = PersonMemo()
    for index, record_id in enumerate(ids):
        if record_id is None or not normalise_record_id(record_id):
            continue
        person = Person.of(
            first_name=firsts[index],
            second_name=seconds[index],
            birthdate=births[index],
            gender=genders[index],
            citizenship=citizenships[index],
            memo=memo,
        )
        if not person.tokens:
            continue
        record_keys.append(
            pseudonymize(
                record_id, key=pseudonym_key, partner_code=partner, namespace=contract.dataset
            )
        )
        persons.append(person)
    return encoding_table(record_keys, persons, encoder=encoder)


class ReadTimeEncoder:
    """Collects one file's encodings batch by batch, for the load's transaction.

    The encodings (about 300 bytes a record) go to a private temporary Arrow stream on disk
    (0600, like the spooled upload; removed once read or when the encoder is dropped), so a
    file of millions of records never holds them all in memory.
    """

    def __init__(
        self,
        *,
        contract: Contract,
        partner: str,
        key: LinkageKey,
        pseudonym_key: PseudonymKey,
    ) -> None:
        self._contract = contract
        self._partner = partner
        self._key = key
        self._pseudonym_key = pseudonym_key
        self._encoder = Encoder(key)
        self._rows = 0
        handle, path = tempfile.mkstemp(prefix="pata-linkage-", suffix=".arrows")
        self._path = path
        self._sink = pa.OSFile(path, "wb")
        os.close(handle)
        self._writer = ipc.new_stream(self._sink, ENCODING_SCHEMA)
        self._cleanup = weakref.finalize(self, _remove, path)

    @classmethod
    def for_file(
        cls,
        *,
        dataset: str,
        partner: str,
        key: Callable[[], LinkageKey],
        pseudonym_key: PseudonymKey,
    ) -> ReadTimeEncoder | None:
        """The encoder of a file of ``dataset``; None for a dataset without persons (the
        linkage key is then never read)."""
        from pata.contracts import load_contract
        from pata.settings import get_settings

        if dataset not in LINKED_DATASETS or not get_settings().linkage_enabled:
            return None
        return cls(
            contract=load_contract(dataset),
            partner=partner,
            key=key(),
            pseudonym_key=pseudonym_key,
        )

    @property
    def key_fingerprint(self) -> str:
        """The secret's fingerprint and the encoding scheme (:attr:`Encoder.key_fingerprint`)."""
        return self._encoder.key_fingerprint

    def add(self, frame: pd.DataFrame) -> None:
        """Encode one batch of valid rows (names present); keep only the encodings."""
        table = encode_rows(
            frame,
            contract=self._contract,
            partner=self._partner,
            key=self._key,
            pseudonym_key=self._pseudonym_key,
            encoder=self._encoder,
        )
        self._rows += table.num_rows
        self._writer.write_table(table)

    @property
    def rows(self) -> int:
        """How many encodings were added."""
        return self._rows

    def encodings(self) -> Iterator[pa.RecordBatch]:
        """Every encoding added (:data:`ENCODING_SCHEMA`), batch by batch, read back from
        disk; the temporary file is removed once they are read."""
        self._writer.close()
        self._sink.close()
        try:
            with pa.OSFile(self._path, "rb") as source:
                yield from ipc.open_stream(source)
        finally:
            self._cleanup()

    def __repr__(self) -> str:
        return f"ReadTimeEncoder(dataset={self._contract.dataset}, partner={self._partner})"


def _remove(path: str) -> None:
    with contextlib.suppress(FileNotFoundError):
        os.unlink(path)
