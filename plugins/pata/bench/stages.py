"""Stage timing of the real pipeline: the pipeline's own functions, wrapped in place.

The benchmark does not re-implement the pipeline to time it. It wraps the functions and
methods :class:`pata.file_run.FileRun` calls for each stage (reader, validation,
de-identification, read-time linkage, load, ledger, raw archive, feedback) where they are
defined, then runs the real ``process_local_file``. Times are *exclusive*: a wrapped call
made inside another (the de-identification of a chunk pulled by the loader, say) counts for
its own stage only, so the stages add up to at most the end-to-end time; the rest is
reported as ``other`` (hashing, reading the file from disk, registry and contract
lookups, transaction commits). Generators (chunked readers) are timed per item pulled.
"""

from __future__ import annotations

import functools
import importlib
import inspect
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from types import ModuleType
from typing import Any

STAGE_TARGETS: dict[str, tuple[str, ...]] = {
    "read": ("pata.layouts.reading:iter_partner_batches",),
    "validate": (
        "pata.validation.validator:FileValidator.add",
        "pata.validation.validator:FileValidator.finish",
    ),
    "deidentify": (
        "pata.deid:deidentify",
        "pata.adapters:SqlWarehouse.pseudonym_key",
    ),
    "linkage": (
        "pata.linkage.readtime:ReadTimeEncoder.add",
        "pata.adapters:SqlWarehouse.store_encodings",
    ),
    "load": ("pata.adapters:SqlWarehouse.load",),
    "raw_archive": ("pata.adapters:S3Store.archive_raw",),
    "feedback": (
        "pata.adapters:S3Publisher.publish_report",
        "pata.adapters:S3Publisher.publish_data_docs",
    ),
    "ledger": ("pata.adapters:SqlLedger.*",),
}
"""Per stage, the ``module:function`` names to wrap (``module:Class.method``: a method,
wrapped on the class; ``module:Class.*``: every public method of the class). Every file
is streamed in batches (:class:`pata.file_run.FileRun`, through the ports of
:mod:`pata.adapters`): the reader, the validator, de-identification, read-time linkage
and the loader are timed per batch pulled. ``load`` is the warehouse load alone (COPY,
merge, audit): the batches it pulls are timed for the stages that produce them."""

STAGES: tuple[str, ...] = (*STAGE_TARGETS, "other")
"""Every stage reported, in pipeline order; ``other`` is the unattributed remainder."""


class StageClock:
    """Exclusive wall time per stage, from wrapped calls that may nest."""

    def __init__(self) -> None:
        self.seconds: dict[str, float] = dict.fromkeys(STAGE_TARGETS, 0.0)
        self.calls: dict[str, int] = dict.fromkeys(STAGE_TARGETS, 0)
        self._nested: list[float] = []

    def _enter(self) -> float:
        self._nested.append(0.0)
        return time.perf_counter()

    def _leave(self, stage: str, started: float) -> None:
        elapsed = time.perf_counter() - started
        inner = self._nested.pop()
        self.seconds[stage] = self.seconds.get(stage, 0.0) + elapsed - inner
        self.calls[stage] = self.calls.get(stage, 0) + 1
        if self._nested:
            self._nested[-1] += elapsed

    def wrap(self, stage: str, function: Callable[..., Any]) -> Callable[..., Any]:
        """``function`` timed as ``stage``; a returned generator is timed item by item."""

        @functools.wraps(function)
        def timed(*args: Any, **kwargs: Any) -> Any:
            started = self._enter()
            try:
                result = function(*args, **kwargs)
            finally:
                self._leave(stage, started)
            if inspect.isgenerator(result):
                return self._timed_items(stage, result)
            return result

        return timed

    def _timed_items(self, stage: str, items: Iterator[Any]) -> Iterator[Any]:
        while True:
            started = self._enter()
            try:
                item = next(items)
            except StopIteration:
                return
            finally:
                self._leave(stage, started)
            yield item

    def shares(self, *, total_seconds: float) -> dict[str, dict[str, float]]:
        """Seconds and share of the end-to-end time per stage, ``other`` being the rest."""
        attributed = sum(self.seconds.values())
        rows = {stage: self.seconds.get(stage, 0.0) for stage in STAGE_TARGETS}
        rows["other"] = max(0.0, total_seconds - attributed)
        return {
            stage: {
                "seconds": round(seconds, 3),
                "share": round(seconds / total_seconds, 4) if total_seconds > 0 else 0.0,
            }
            for stage, seconds in rows.items()
        }


@contextmanager
def instrumented(clock: StageClock) -> Iterator[list[str]]:
    """Wrap every stage function in every loaded ``pata`` module; yield the names wrapped.

    A target missing from the code (renamed by a later change) is skipped; the yielded list
    lets the results say exactly what was timed. The originals are put back on exit.
    """
    wrapped: list[str] = []
    replaced: list[tuple[Any, str, Any]] = []
    try:
        for stage, targets in STAGE_TARGETS.items():
            for target in targets:
                module_name, name = target.split(":")
                try:
                    module = importlib.import_module(module_name)
                except ImportError:
                    continue
                if "." in name:
                    method = _wrap_method(clock, stage, module, name)
                    replaced += method
                    wrapped += [f"{module_name}.{name}"] if method else []
                    continue
                for attr in _functions(module, name):
                    original = getattr(module, attr)
                    replacement = clock.wrap(stage, original)
                    replaced += _replace_everywhere(original, replacement)
                    wrapped.append(f"{module_name}.{attr}")
        yield wrapped
    finally:
        for module, attr, original in reversed(replaced):
            setattr(module, attr, original)


def _wrap_method(
    clock: StageClock, stage: str, module: ModuleType, name: str
) -> list[tuple[Any, str, Any]]:
    """Wrap ``Class.method`` of ``module`` on the class itself; what to put back."""
    class_name, method = name.split(".", 1)
    owner = getattr(module, class_name, None)
    if not isinstance(owner, type):
        return []
    if method == "*":
        return [
            replaced
            for attr, value in list(vars(owner).items())
            if inspect.isfunction(value) and not attr.startswith("_")
            for replaced in _wrap_method(clock, stage, module, f"{class_name}.{attr}")
        ]
    original = vars(owner).get(method)
    if not inspect.isfunction(original):
        return []
    setattr(owner, method, clock.wrap(stage, original))
    return [(owner, method, original)]


def _functions(module: ModuleType, name: str) -> list[str]:
    """The attribute names ``name`` stands for: itself, or ``*`` for the module's functions."""
    if name != "*":
        return [name] if callable(getattr(module, name, None)) else []
    return [
        attr
        for attr, value in vars(module).items()
        if inspect.isfunction(value)
        and value.__module__ == module.__name__
        and not attr.startswith("_")
    ]


def _replace_everywhere(
    original: Callable[..., Any], replacement: Callable[..., Any]
) -> list[tuple[Any, str, Any]]:
    """Point every loaded ``pata`` module's name for ``original`` at ``replacement``."""
    replaced = []
    for module_name, module in list(sys.modules.items()):
        if module is None or not (module_name == "pata" or module_name.startswith("pata.")):
            continue
        if module_name.startswith("pata.bench"):
            continue
        for attr, value in list(vars(module).items()):
            if value is original:
                setattr(module, attr, replacement)
                replaced.append((module, attr, original))
    return replaced
