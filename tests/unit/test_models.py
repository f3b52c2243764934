"""The model files of sql/models/: one object per file, created layer by layer, each after
the models it reads."""

from __future__ import annotations

from pathlib import Path

import pytest

from pata.warehouse import models
from pata.warehouse.models import model_files


def names() -> list[str]:
    return [model.qualified for model in model_files()]


class TestModelFiles:
    def test_a_model_comes_after_the_models_it_reads(self):
        order = names()
        assert order.index("core.country_cases") < order.index("core.cases")
        assert order.index("core.current_cases") < order.index("core.case_exploitation_types")
        assert order.index("ops.pipeline_health_at") < order.index("ops.pipeline_health")

    def test_layers_in_order_and_functions_are_not_views(self):
        layers = [model.layer for model in model_files()]
        assert layers == sorted(layers, key=models.LAYERS.index)
        assert {m.qualified for m in model_files() if not m.is_view} == {
            "marts.sex_category",
            "ops.due_date",
            "ops.latest_due_period_start",
            "ops.period_label",
            "ops.pipeline_health_at",
        }

    def test_each_file_creates_the_object_it_is_named_after(self):
        for model in model_files():
            sql = model.path.read_text(encoding="utf-8")
            verb = "create view" if model.is_view else "create or replace function"
            assert f"{verb} {model.qualified}" in sql, model.path.name
            assert "grant " not in sql.lower(), model.path.name  # the access matrix grants
            header = sql[: sql.index("create ")]
            assert "grain:" in header.lower(), model.path.name  # the grain sentence on top

    def test_a_name_in_a_comment_or_a_literal_is_not_a_read(
        self, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
    ):
        marts = tmp_path / "marts"
        marts.mkdir()
        (marts / "core.a.sql").write_text(
            "-- reads core.b? no: select 1 from core.b is only this comment\n"
            "create view core.a as select 1 as x;\n"
            "comment on view core.a is 'join core.b on nothing';\n"
        )
        (marts / "core.b.sql").write_text("create view core.b as select x from core.a;\n")
        monkeypatch.setattr(models, "MODELS_DIR", tmp_path)
        assert names() == ["core.a", "core.b"]

    def test_models_that_read_each_other_are_refused(
        self, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
    ):
        marts = tmp_path / "marts"
        marts.mkdir()
        (marts / "core.a.sql").write_text("create view core.a as select * from core.b;\n")
        (marts / "core.b.sql").write_text("create view core.b as select * from core.a;\n")
        monkeypatch.setattr(models, "MODELS_DIR", tmp_path)
        with pytest.raises(ValueError, match=r"core\.a, core\.b"):
            model_files()
