"""Synthetic partner exports for tests, demos and benchmarks, with their ground truth.

``generate`` writes a dropzone tree of files in every partner's own format, headers,
labels and scripts, plus ``manifest.json`` describing each file, the defects planted in it,
the persons who appear in two countries' files, and canary values for the leak audit.
"""

from __future__ import annotations

from pata.synth.generator import generate
from pata.synth.manifest import Defect, FileRecord, Manifest, Noise, load_manifest

__all__ = ["Defect", "FileRecord", "Manifest", "Noise", "generate", "load_manifest"]
