"""The CBS folder the build and the demo read: the documented lookup order (settings.cbs_source()), and the
fictional frame written first when that is the one and it is missing."""
from __future__ import annotations

from pathlib import Path

from pipelines.cbs.fictief import write_fictional_cbs
from pipelines.settings import Settings

# the fictional frame is CBS data in disguise: it stays the same whatever seed the demo uses
FICTIONAL_SEED = 2025


def cbs_folder(settings: Settings) -> tuple[str, Path]:
    """The CBS folder to read, writing the fictional frame first when that is the one and it is missing."""
    kind, folder = settings.cbs_source()
    if kind == "fictief" and not (folder / ".complete").exists():
        write_fictional_cbs(folder, FICTIONAL_SEED)
    return kind, folder
