"""The Great Expectations results of a file validated in batches, merged into one.

Every batch is checked against the same suite, so the results line up entry by entry:
counts add up, a success holds only if it held in every batch, and what only the whole
file can tell (the row count, the uniqueness counts across batches, the percentages) is
settled at the end. Results are value-free (see :mod:`pata.validation.gx_run`).
"""

from __future__ import annotations

import copy
from typing import Any

from pata.validation.suites import PLAUSIBLE_ROWS

_COUNT_KEYS = ("element_count", "unexpected_count", "missing_count")
_ROW_COUNT = "expect_table_row_count_to_be_between"
_UNIQUE = frozenset({"expect_column_values_to_be_unique", "expect_compound_columns_to_be_unique"})


class GxTally:
    """The running GX summary and result document of one file, batch by batch."""

    def __init__(self, dataset: str) -> None:
        self._dataset = dataset
        self._gx: dict[str, Any] | None = None
        self._gx_document: dict[str, Any] | None = None
        self.batches = 0

    def add(self, summary: dict[str, Any], document: dict[str, Any]) -> None:
        """Add one batch's value-free GX counts to the file's (same suite, same order)."""
        self.batches += 1
        if self._gx is None:
            self._gx = copy.deepcopy(summary)
            self._gx_document = copy.deepcopy(document)
            return
        assert self._gx_document is not None
        self._gx["success"] = self._gx["success"] and summary["success"]
        self._gx["seconds"] = round(self._gx["seconds"] + summary["seconds"], 3)
        for mine, theirs in zip(self._gx["results"], summary["results"], strict=True):
            for key in ("element_count", "unexpected_count", "observed_value"):
                if isinstance(theirs.get(key), int):
                    mine[key] = (mine.get(key) or 0) + theirs[key]
            if mine["success"] is not None and theirs["success"] is not None:
                mine["success"] = mine["success"] and theirs["success"]
        self._gx_document["success"] = self._gx_document["success"] and document["success"]
        for mine, theirs in zip(self._gx_document["results"], document["results"], strict=True):
            mine["success"] = mine["success"] and theirs["success"]
            for key in (*_COUNT_KEYS, "observed_value"):
                if isinstance(theirs["result"].get(key), int):
                    mine["result"][key] = mine["result"].get(key, 0) + theirs["result"][key]
            mine["exception_info"]["raised_exception"] |= theirs["exception_info"][
                "raised_exception"
            ]

    def settle(
        self, *, repeated: dict[str, int], unchecked_rows: int = 0
    ) -> tuple[dict[str, Any], dict[str, Any]]:
        """The file's GX results: row count judged on the whole file (``unchecked_rows``: rows
        counted but not validated, past an implausible volume), percentages redone."""
        assert self._gx is not None and self._gx_document is not None
        limit = PLAUSIBLE_ROWS[self._dataset]
        for entry in self._gx["results"]:
            unique = entry["expectation"] in _UNIQUE and entry["code"] in repeated
            if unique and entry["success"] is not None:
                entry["unexpected_count"] = repeated[entry["code"]]
                entry["success"] = entry["unexpected_count"] == 0
            if entry["expectation"] == _ROW_COUNT:
                count = (entry.get("observed_value") or 0) + unchecked_rows
                entry["observed_value"] = count
                entry["success"] = 1 <= count <= limit
        for item in self._gx_document["results"]:
            result = item["result"]
            config = item["expectation_config"]
            code = (config.get("meta") or {}).get("code")
            if config["type"] in _UNIQUE and code in repeated:
                result["unexpected_count"] = repeated[code]
                item["success"] = result["unexpected_count"] == 0
            if config["type"] == _ROW_COUNT:
                count = (result.get("observed_value") or 0) + unchecked_rows
                result["observed_value"] = count
                item["success"] = 1 <= count <= limit
            elements = result.get("element_count")
            unexpected = result.get("unexpected_count")
            if elements and unexpected is not None:
                missing = result.get("missing_count") or 0
                result["unexpected_percent_total"] = 100 * unexpected / elements
                present = elements - missing
                share = 100 * unexpected / present if present else 0.0
                result["unexpected_percent"] = share
                result["unexpected_percent_nonmissing"] = share
                if "missing_count" in result:
                    result["missing_percent"] = 100 * missing / elements
        self._gx["success"] = all(e["success"] is not False for e in self._gx["results"])
        self._gx_document["success"] = all(i["success"] for i in self._gx_document["results"])
        evaluated = [i for i in self._gx_document["results"]]
        self._gx_document["statistics"] = {
            "evaluated_expectations": len(evaluated),
            "successful_expectations": sum(1 for i in evaluated if i["success"]),
            "unsuccessful_expectations": sum(1 for i in evaluated if not i["success"]),
            "success_percent": 100 * sum(1 for i in evaluated if i["success"]) / len(evaluated)
            if evaluated
            else None,
        }
        return self._gx, self._gx_document
