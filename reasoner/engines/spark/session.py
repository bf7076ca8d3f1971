"""One SparkSession per process, started on first use, quiet, and its failures as one line.

Starting Spark costs seconds (a JVM), so the session is kept for the life of the process and
reused by every evaluation; asking for another master stops it and starts a new one. The JVM's
own output (log4j, progress bars, stack traces) goes to a log file in the temporary folder,
never to the user's terminal: an error reaches the user as one EngineError line.
"""

from __future__ import annotations

import logging
import os
import re
import socket
import sys
import tempfile
import warnings
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Iterator
from urllib.parse import urlparse

from reasoner.errors import Diagnostic, EngineError

if TYPE_CHECKING:
    from pyspark.sql import SparkSession

DEFAULT_MASTER = "local[*]"
LOCAL_PARTITIONS = 1  # shuffle partitions on one machine: Spark's 200 are 200 tasks of nothing
CONNECT_TIMEOUT = 3.0  # seconds to reach a spark:// master before saying it is down
LOG_FILE = Path(tempfile.gettempdir()) / "reasoner-spark.log"
_CONF = {
    "spark.ui.enabled": "false",
    "spark.ui.showConsoleProgress": "false",
    "spark.sql.execution.arrow.pyspark.enabled": "true",
    "spark.sql.ansi.enabled": "true",
    # Constraint propagation through unions fails on the rounds' unions of relations read with
    # columns swapped ("key not found: c1#9L" in UnionBase.rewriteConstraints), and costs
    # time on every round's growing plan; the rules need none of it.
    "spark.sql.constraintPropagation.enabled": "false",
}
# On one machine the rounds of a fixpoint are many small jobs of new query shapes: measured
# here (2 cores) 0.25 s a job with these against 0.45 s with Spark's defaults, and 29
# conformance programs in 40 s against 66 s with code generation (compiling Java for each new
# plan costs more than it saves on small relations). A cluster keeps its own settings.
_LOCAL_CONF = {
    "spark.sql.shuffle.partitions": str(LOCAL_PARTITIONS),
    "spark.sql.adaptive.enabled": "false",
    "spark.sql.codegen.wholeStage": "false",
    "spark.sql.codegen.factoryMode": "NO_CODEGEN",
}
MEMORY_VARIABLE = "REASONER_SPARK_DRIVER_MEMORY"  # a JVM size ("6g", "4096m") overriding the default
_MEMORY = re.compile(r"[1-9][0-9]*[kmgt]", re.IGNORECASE)
_LOCAL_JAVA = "-XX:TieredStopAtLevel=1"  # the JIT's quick tier: short jobs, no long warm-up


@dataclass
class _Held:
    """The session of this process, and the master it was started for."""

    session: "SparkSession | None" = None
    master: str | None = None
    default_master: str = DEFAULT_MASTER


_HELD = _Held()


def use_master(master: str | None) -> None:
    """The master later evaluations use when they name none (``--spark-master``)."""
    _HELD.default_master = master or DEFAULT_MASTER


def session(master: str | None = None) -> "SparkSession":
    """The process's SparkSession for ``master`` (started now if need be).

    Raises EngineError: pyspark missing, Java missing, or the master unreachable.
    """
    master = master or _HELD.default_master
    if _HELD.session is not None and _HELD.master == master:
        return _HELD.session
    stop()
    check_master(master)
    _HELD.session, _HELD.master = _start(master), master
    return _HELD.session


def stop() -> None:
    """Stop the process's session, if one runs."""
    if _HELD.session is not None:
        _HELD.session.stop()
        _HELD.session = _HELD.master = None


def check_master(master: str) -> None:
    """Refuse, in one line and within seconds, a master URL Spark could not use: Spark itself
    retries an unreachable standalone master for about a minute before it gives up."""
    url = urlparse(master)
    if master.startswith("local"):
        return
    if url.scheme != "spark" or not url.hostname:
        raise EngineError(Diagnostic("engine", f"spark: not a master URL Spark can use: {master}",
                                     hint="local[*], local[N] or spark://HOST:PORT"))
    for host in url.netloc.split(","):  # spark://a:7077,b:7077 lists standby masters
        name, _, port = host.partition(":")
        try:
            socket.create_connection((name, int(port or 7077)), CONNECT_TIMEOUT).close()
            return
        except (OSError, ValueError):
            continue
    raise EngineError(Diagnostic("engine", f"spark: cannot reach the Spark master at {master}",
                                 hint="start the cluster's master, or use --spark-master "
                                      "local[*]"))


def _start(master: str) -> "SparkSession":
    try:
        from pyspark.sql import SparkSession
    except ImportError as exc:
        raise EngineError(f"the spark engine is not available: {exc}") from None
    _quiet_python_logs()
    os.environ.setdefault("PYSPARK_PYTHON", sys.executable)  # workers, if any, in this venv
    builder = SparkSession.builder.master(master).appName("reasoner")
    local = master.startswith("local")
    for key, value in {**_CONF, **(_LOCAL_CONF if local else {})}.items():
        builder = builder.config(key, value)
    if local:  # in local mode the driver is the only JVM: the rules' relations live in its heap
        builder = builder.config("spark.driver.memory", driver_memory())
    log4j = Path(__file__).with_name("log4j2.properties")
    java = f"-Dlog4j.configurationFile=file:{log4j}" + (f" {_LOCAL_JAVA}" if local else "")
    builder = builder.config("spark.driver.extraJavaOptions", java)
    try:
        with _stderr_to(LOG_FILE), warnings.catch_warnings():
            warnings.simplefilter("ignore")
            spark = builder.getOrCreate()
    except Exception as exc:  # Java missing, a bad master, the JVM failing to start
        raise EngineError(Diagnostic("engine", f"spark: could not start Spark ({master}): "
                                     f"{first_line(exc)}", hint=f"details in {LOG_FILE}")) from None
    spark.sparkContext.setLogLevel("ERROR")
    return spark


def driver_memory() -> str:
    """The local driver's heap: ``$REASONER_SPARK_DRIVER_MEMORY``, else a third of the machine's
    memory (at least 2g, at most 32g). Spark's own default, 1g, runs out at about 200,000
    events (measured: "Java heap space" at 1,000,000 with 2g)."""
    wanted = os.environ.get(MEMORY_VARIABLE, "").strip()
    if wanted:
        if not _MEMORY.fullmatch(wanted):
            raise EngineError(Diagnostic("engine", f"spark: {MEMORY_VARIABLE}={wanted!r} is not a "
                                         "memory size", hint="write it as Java does: 6g, 4096m"))
        return wanted.lower()
    try:
        total = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES")
    except (ValueError, OSError, AttributeError):  # not a POSIX system: Spark's 1g would not do
        return "2g"
    return f"{min(32, max(2, total // 3 // 2**30))}g"


def memory_hint(message: str) -> str | None:
    """What to do when the driver runs out of heap ("Java heap space", "GC overhead")."""
    if "heap space" in message or "OutOfMemory" in message or "GC overhead" in message:
        return (f"the local Spark driver ran out of memory: set {MEMORY_VARIABLE} (now "
                f"{os.environ.get(MEMORY_VARIABLE) or driver_memory()}) higher, or run on a "
                "cluster with --spark-master")
    return None


def _quiet_python_logs() -> None:
    """PySpark logs every analysis error with its Java stack trace through Python logging."""
    from pyspark.logger import PySparkLogger

    PySparkLogger.getLogger("SQLQueryContextLogger").setLevel(logging.CRITICAL + 1)
    logging.getLogger("py4j").setLevel(logging.ERROR)


@contextmanager
def _stderr_to(path: Path) -> Iterator[None]:
    """File descriptor 2 pointed at ``path`` while the JVM starts: the JVM inherits it, so
    its messages (log4j's start-up lines, warnings) go to the log and not to the terminal."""
    saved = os.dup(2)
    with path.open("ab") as log:
        os.dup2(log.fileno(), 2)
    try:
        yield
    finally:
        os.dup2(saved, 2)
        os.close(saved)


def first_line(exc: BaseException) -> str:
    """The first meaningful line of a Spark or Py4J error, without the Java stack: for a Java
    exception, the message of its innermost cause."""
    java = getattr(exc, "java_exception", None)
    text = str(exc)
    if java is not None:
        try:
            while java.getCause() is not None:
                java = java.getCause()
            text = str(java.getMessage() or java.toString())
        except Exception:  # the gateway is gone: keep Py4J's own text
            pass
    text = text.strip()
    for line in text.splitlines():
        line = line.strip()
        if line and not line.startswith(("at ", "JVM stacktrace", "Traceback")):
            return line[:300]
    return type(exc).__name__
