"""The one module that knows where grammar/, rules/ and seeds/ live.

In a checkout (or an editable install) they are the top-level folders of the repository; in a
built wheel they ship as package data under ``reasoner/_data/``.
"""

from __future__ import annotations

from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent


def data_dir(name: str) -> Path:
    """The folder ``grammar``, ``rules`` or ``seeds``, wherever this installation keeps it."""
    for candidate in (_PACKAGE / "_data" / name, _PACKAGE.parent / name):
        if candidate.is_dir():
            return candidate
    raise FileNotFoundError(f"reasoner installation is missing its {name}/ folder")


def grammar_path(file_name: str) -> Path:
    return data_dir("grammar") / file_name


def rules_dir() -> Path:
    return data_dir("rules")


def seeds_dir() -> Path:
    return data_dir("seeds")
