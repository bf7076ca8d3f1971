"""Run engine jobs in a child process that can be killed at a deadline.

The parent pickles a list of jobs to the child's stdin; the child (``python -m
reasoner.engines.worker module:function``) calls the function on each job and writes one
length-prefixed pickled result per job to stdout, so the parent can time each job out on its
own. A job that raises ReasonerError comes back as that error, diagnostics intact.
"""

from __future__ import annotations

import importlib
import os
import pickle
import select
import struct
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any, Callable, Sequence

from reasoner.errors import EngineError, EngineTimeout, ReasonerError

_HEADER = struct.Struct(">Q")
_ROOT = str(Path(__file__).resolve().parents[2])


class _Expired(Exception):
    pass


def derive_in_child(target: str, program: Any, facts: Any, *, timeout: float,
                    on_timeout: Callable[[float], EngineTimeout]) -> Any:
    """``target((program, facts))`` in a child process killed after ``timeout`` seconds:
    the engines that cannot interrupt themselves (clingo grounding, SPARQL evaluation) run
    this way when a time limit is set. Errors come back raised."""
    job = (program, {pred: set(rows) for pred, rows in facts.items()})
    result = run_jobs(target, [job], timeout=timeout, on_timeout=on_timeout)[0]
    if isinstance(result, ReasonerError):
        raise result
    return result


def run_jobs(target: str, jobs: Sequence[Any], *, timeout: float | None,
             on_timeout: Callable[[float], EngineTimeout]) -> list[Any | ReasonerError]:
    """Results of ``target(job)`` for each job, each job limited to ``timeout`` seconds.

    A job past its limit gets ``on_timeout(limit)`` as its result; the child is killed and the
    remaining jobs run in a fresh child.
    """
    results: list[Any | ReasonerError] = []
    while len(results) < len(jobs):
        results += _run_some(target, jobs[len(results):], timeout, on_timeout)
    return results


def _run_some(target: str, jobs: Sequence[Any], timeout: float | None,
              on_timeout: Callable[[float], EngineTimeout]) -> list[Any | ReasonerError]:
    env = dict(os.environ, PYTHONPATH=os.pathsep.join(
        p for p in (_ROOT, os.environ.get("PYTHONPATH")) if p))
    with tempfile.TemporaryFile() as errors:
        proc = subprocess.Popen([sys.executable, "-m", "reasoner.engines.worker", target],
                                stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=errors,
                                env=env)
        assert proc.stdin is not None and proc.stdout is not None
        results: list[Any | ReasonerError] = []
        try:
            proc.stdin.write(pickle.dumps(list(jobs), protocol=pickle.HIGHEST_PROTOCOL))
            proc.stdin.close()
            fd = proc.stdout.fileno()
            for _ in jobs:
                deadline = None if timeout is None else time.monotonic() + timeout
                size = _HEADER.unpack(_read(fd, _HEADER.size, deadline))[0]
                results.append(_decode(pickle.loads(_read(fd, size, deadline))))
        except _Expired:
            results.append(on_timeout(timeout or 0.0))
        except (EOFError, BrokenPipeError, pickle.UnpicklingError):
            errors.seek(0)
            detail = errors.read().decode("utf-8", "replace").strip().splitlines()[-3:]
            results.append(EngineError(f"the engine's worker process failed: {' '.join(detail)}"))
        finally:
            proc.kill()
            proc.wait()
            proc.stdout.close()
    return results


def _read(fd: int, size: int, deadline: float | None) -> bytes:
    buf = bytearray()
    while len(buf) < size:
        wait = None if deadline is None else max(0.0, deadline - time.monotonic())
        ready, _, _ = select.select([fd], [], [], wait)
        if not ready:
            raise _Expired()
        chunk = os.read(fd, min(size - len(buf), 1 << 20))
        if not chunk:
            raise EOFError()
        buf += chunk
    return bytes(buf)


def _decode(result: tuple[str, Any]) -> Any | ReasonerError:
    kind, payload = result
    if kind == "ok":
        return payload
    error_class, diagnostics = payload
    error: ReasonerError = error_class(*diagnostics)
    return error


def _serve(target: str) -> None:
    """The child's side: read the jobs, answer each as soon as it is done."""
    module_name, _, function_name = target.partition(":")
    function = getattr(importlib.import_module(module_name), function_name)
    jobs = pickle.load(sys.stdin.buffer)
    out = sys.stdout.buffer
    for job in jobs:
        try:
            result: tuple[str, Any] = ("ok", function(job))
        except ReasonerError as exc:
            result = ("error", (type(exc), exc.diagnostics))
        data = pickle.dumps(result, protocol=pickle.HIGHEST_PROTOCOL)
        out.write(_HEADER.pack(len(data)) + data)
        out.flush()


if __name__ == "__main__":
    _serve(sys.argv[1])
