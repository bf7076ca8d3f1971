"""No development-set text in the product or its tests.

The development set (``../shared/devset/``) measures how well the reader handles news it was not
written for. A phrase from it copied into the grammar, a word list, a comment or a test fits the
product to the measurement, so these tests fail on any run of consecutive dev-set words found in
``reasoner/`` or ``grammar/`` (six words) or in ``tests/`` (eight words: tests use sentences we
write). The dev set lives beside the repository, not in it; without it there is nothing to compare.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
DEVSET = ROOT.parent / "shared" / "devset"
TEXT_SUFFIXES = {".py", ".lark", ".cnl", ".tsv", ".md", ".txt", ".json", ".jsonl"}
# A word is a run of letters or digits, with apostrophes inside it ("Ukraine's"); quote marks,
# hyphens, underscores and other punctuation separate words, so `olaf_scholz` is two words.
WORD = re.compile(r"[^\W_]+(?:'[^\W_]+)*")
QUOTES = str.maketrans({"\u2018": "'", "\u2019": "'", "\u201b": "'", "\u02bc": "'", "`": "'"})

Words = list[tuple[str, int]]  # (lower-cased word, line number)


def words_of(text: str) -> Words:
    """The words of a text in order, each with the line it starts on."""
    text = text.translate(QUOTES).lower()
    line_starts = [0] + [m.end() for m in re.finditer("\n", text)]
    words: Words = []
    line = 0
    for match in WORD.finditer(text):
        while line + 1 < len(line_starts) and line_starts[line + 1] <= match.start():
            line += 1
        words.append((match.group(), line + 1))
    return words


def runs(words: Words, size: int) -> Iterator[tuple[tuple[str, ...], int]]:
    """Every run of `size` consecutive words, with the line of its first word."""
    for i in range(len(words) - size + 1):
        yield tuple(w for w, _ in words[i : i + size]), words[i][1]


def devset_runs(size: int) -> dict[tuple[str, ...], str]:
    """Every run of `size` words of a dev-set sentence (lines 2 on), mapped to `file:line`."""
    found: dict[tuple[str, ...], str] = {}
    for path in sorted(DEVSET.glob("*.txt")):
        lines = path.read_text(encoding="utf-8").splitlines()
        for number, sentence in enumerate(lines[1:], start=2):
            for run, _ in runs(words_of(sentence), size):
                found.setdefault(run, f"{path.name}:{number}")
    return found


def text_files(*folders: str) -> Iterator[Path]:
    for folder in folders:
        for path in sorted((ROOT / folder).rglob("*")):
            if path.suffix in TEXT_SUFFIXES and path.is_file() and "__pycache__" not in path.parts:
                yield path


def quotations(folders: tuple[str, ...], size: int) -> list[str]:
    """One line per dev-set run found in the files of `folders`: where, the words, whence."""
    dev = devset_runs(size)
    hits: list[str] = []
    for path in text_files(*folders):
        seen_lines: set[int] = set()
        for run, line in runs(words_of(path.read_text(encoding="utf-8", errors="replace")), size):
            if run in dev and line not in seen_lines:
                seen_lines.add(line)
                hits.append(f"{path.relative_to(ROOT)}:{line}: \"{' '.join(run)}\" (from {dev[run]})")
    return hits


needs_devset = pytest.mark.skipif(
    not any(DEVSET.glob("*.txt")), reason=f"no development set at {DEVSET}"
)


def test_words_ignore_case_quotes_and_punctuation() -> None:
    text = "Alpha\u2019s \u201cbeta\u201d -- gamma_delta\n'epsilon' 42."
    assert words_of(text) == [
        ("alpha's", 1), ("beta", 1), ("gamma", 1), ("delta", 1), ("epsilon", 2), ("42", 2)
    ]
    assert [run for run, _ in runs(words_of("a b c d"), 3)] == [("a", "b", "c"), ("b", "c", "d")]


@needs_devset
def test_no_six_word_devset_run_in_product() -> None:
    hits = quotations(("reasoner", "grammar"), 6)
    assert not hits, f"{len(hits)} dev-set fragments in the product:\n" + "\n".join(hits)


@needs_devset
def test_no_eight_word_devset_run_in_tests() -> None:
    hits = quotations(("tests",), 8)
    assert not hits, f"{len(hits)} dev-set fragments in the tests:\n" + "\n".join(hits)
