"""The benchmark behind ``make bench``: throughput, peak memory and drop-to-indicator latency.

Baseline A is PostgreSQL's COPY of the raw CSV into an unlogged table (the floor), baseline B
pyarrow's CSV reader; the pipeline is ``pata.pipeline.process_local_file`` end to end, its
stages timed by wrapping the pipeline's own functions. Each measured part runs alone in a
subprocess on a private stack (``bench/work/``). See ``BENCHMARKS.md`` for method and limits.
"""

from __future__ import annotations
