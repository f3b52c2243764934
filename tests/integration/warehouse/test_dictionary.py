"""pata.warehouse.dictionary: the Markdown data dictionary generated from the COMMENTs."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import Engine

from pata.settings import Settings
from pata.warehouse.dictionary import (
    ColumnEntry,
    RelationEntry,
    build_dictionary,
    render_markdown,
    write_dictionary,
)

pytestmark = pytest.mark.integration


class TestBuildDictionary:
    def test_names_the_schema_revision_when_it_can_read_it(self, owner: Engine):
        with owner.connect() as conn:
            assert "(schema revision `" in build_dictionary(conn)

    def test_documents_every_schema_view_and_column_with_its_comment(self, analyst: Engine):
        with analyst.connect() as conn:
            markdown = build_dictionary(conn)
        for heading in (
            "## Schema `marts`",
            "## Schema `core`",
            "## Schema `ops`",
            "## Schema `staging`",
            "### `core.cases` (view)",
            "### `core.fact_case` (table)",
            "### `marts.records_by_month` (view)",
            "### `ops.file_ledger` (table)",
        ):
            assert heading in markdown
        assert "| `record_key` | text, not null |" in markdown
        assert "(no comment)" not in markdown
        assert markdown.index("## Schema `marts`") < markdown.index("## Schema `ops`")

    def test_write_dictionary_writes_what_it_returns(self, warehouse: Settings, tmp_path: Path):
        out = tmp_path / "docs" / "data-dictionary.md"
        markdown = write_dictionary(out=out, settings=warehouse)
        assert out.read_text(encoding="utf-8") == markdown
        assert write_dictionary(out=None, settings=warehouse) == markdown


class TestRenderMarkdown:
    def test_escapes_pipes_and_joins_lines_in_cells(self):
        relation = RelationEntry(
            schema="core",
            name="t",
            kind="r",
            comment="a | b\nsecond line",
            columns=[ColumnEntry(name="c", type="text", not_null=False, comment=None)],
        )
        markdown = render_markdown({"core": "Core."}, [relation])
        assert "a \\| b second line" in markdown
        assert "| `c` | text | (no comment) |" in markdown
        assert "[`t`](#coret-table)" in markdown
