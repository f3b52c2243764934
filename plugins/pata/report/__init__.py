"""The quarterly indicators report: self-contained HTML (inline CSS and SVG), CSV and XLSX.

``build_report(period=..., out=...)`` writes the files for a quarter from the published
indicator values; ``publish_report(period=...)`` builds them and uploads them, with the
DHIS2 payload, to the reports bucket (the indicators DAG calls it).
"""

from __future__ import annotations

from pata.report.publish import PublishedReport, ReportFiles, build_report, publish_report

__all__ = ["PublishedReport", "ReportFiles", "build_report", "publish_report"]
