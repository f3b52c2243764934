"""PATA: the regional data pipeline of the Pan-Asia Anti-Trafficking programme.

This package is the pipeline library. It never imports Airflow at module level: the DAG
files in ``dags/`` wire its functions into tasks, and the ``pata`` CLI calls the same
functions (one code path).
"""

from __future__ import annotations

__version__ = "0.1.0"
