"""A store folder stays tidy: RocksDB's info logs do not pile up beside the data."""

from __future__ import annotations

from pathlib import Path

from reasoner.cli import main
from reasoner.resources import seeds_dir

COMMANDS = 100
MAX_LOG_BYTES = 1_000_000


def _log_bytes(folder: Path) -> int:
    return sum(p.stat().st_size for p in folder.glob("LOG*"))


def test_a_hundred_commands_leave_under_a_megabyte_of_logs(tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    store = str(tmp_path / "store")
    commands = [["ingest", str(seeds_dir())], ["infer"]]
    commands += [["query", "ASK { ent:russia voc:aligned ent:china }"] if n % 2 else
                 ["export", "--graph", "inferred", "--format", "nt"] for n in range(COMMANDS - 2)]
    for command in commands:
        assert main(["--store", store, *command]) == 0, command
    capsys.readouterr()
    assert len(commands) == COMMANDS
    assert _log_bytes(Path(store)) < MAX_LOG_BYTES, sorted(p.name for p in Path(store).glob("LOG*"))
    assert main(["--store", store, "query", "ASK { ent:russia voc:aligned ent:china }"]) == 0
    assert capsys.readouterr().out.strip() == "true"  # and the data is all there
