"""Input files: folders expand, binary/empty/missing files are clear errors."""

from __future__ import annotations

from pathlib import Path

import pytest

from reasoner import sources
from reasoner.errors import InputError


def test_folder_expands_to_sorted_input_files(tmp_path: Path) -> None:
    (tmp_path / "b.txt").write_text("B.")
    (tmp_path / "a.cnl").write_text("A.")
    (tmp_path / "data.ttl").write_text("<http://x/a> <http://x/p> <http://x/b> .")
    (tmp_path / "README.md").write_text("not an input")
    (tmp_path / "image.png").write_bytes(b"\x89PNG")
    found = sources.expand([tmp_path])
    assert [p.name for p in found] == ["a.cnl", "b.txt", "data.ttl"]
    kinds = [s.kind for s in sources.read_all([tmp_path])]
    assert kinds == ["text", "text", "rdf"]


@pytest.mark.parametrize("content, message", [
    (b"", "is empty"),
    (b"  \n\n", "is empty"),
    (b"\x00\x01\x02binary", "binary file"),
    (b"caf\xe9 latin-1", "not UTF-8"),
])
def test_unusable_files_are_input_errors(tmp_path: Path, content: bytes, message: str) -> None:
    path = tmp_path / "doc.txt"
    path.write_bytes(content)
    with pytest.raises(InputError, match=message):
        sources.read(path)


def test_missing_file_is_an_input_error(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="no such file"):
        sources.read_all([tmp_path / "nope.txt"])


def test_all_problems_are_reported_together(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_bytes(b"")
    (tmp_path / "b.txt").write_bytes(b"\x00")
    with pytest.raises(InputError) as caught:
        sources.read_all([tmp_path])
    assert len(caught.value.diagnostics) == 2
