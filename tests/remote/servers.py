"""Start and stop the SPARQL servers the remote tests use, on loopback, each with a
throw-away database folder. scripts/servers.sh installs them (make test calls it); a server
that is not installed is installed here once, and if that fails its tests skip LOUDLY."""

from __future__ import annotations

import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.parse
import urllib.request
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SCRIPT = ROOT / "scripts" / "servers.sh"
OXIGRAPH = Path(sys.executable).with_name("oxigraph")


@dataclass(frozen=True)
class Server:
    name: str
    query_url: str
    update_url: str
    folder: Path

    @property
    def spec(self) -> str:
        """The --store spec for this server."""
        return self.query_url if self.query_url == self.update_url or \
            self.query_url.endswith("/query") else f"{self.query_url}|{self.update_url}"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def loud_skip_reason(what: str) -> str:
    message = (f"\n{'!' * 72}\n!!! SKIPPED: {what} is not installed and `scripts/servers.sh install` "
               f"could not install it.\n!!! The remote-store tests for it did NOT run.\n{'!' * 72}")
    print(message, file=sys.stderr)
    return message


def ensure_installed(binary: str | Path) -> bool:
    def present() -> bool:
        return Path(binary).exists() if isinstance(binary, Path) else shutil.which(binary) is not None
    if not present():
        subprocess.run([str(SCRIPT), "install"], check=False, capture_output=True, timeout=600)
    return present()


def wait_ready(url: str, seconds: float = 30.0) -> bool:
    deadline = time.monotonic() + seconds
    query = url + "?" + urllib.parse.urlencode({"query": "ASK {}"})
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(query, timeout=2):
                return True
        except OSError:
            time.sleep(0.1)
    return False


def start_oxigraph() -> tuple[Server, subprocess.Popen[bytes]]:
    folder = Path(tempfile.mkdtemp(prefix="reasoner-oxigraph-"))
    port = free_port()
    proc = subprocess.Popen([str(OXIGRAPH), "serve", "--location", str(folder / "db"),
                             "--bind", f"127.0.0.1:{port}", "--union-default-graph"],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{port}"
    server = Server("oxigraph-server", f"{base}/query", f"{base}/update", folder)
    if not wait_ready(server.query_url):
        stop_oxigraph(server, proc)
        raise RuntimeError("the Oxigraph server did not start")
    return server, proc


def stop_oxigraph(server: Server, proc: subprocess.Popen[bytes]) -> None:
    proc.terminate()
    try:
        proc.wait(timeout=10)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()
    shutil.rmtree(server.folder, ignore_errors=True)


def start_virtuoso() -> Server:
    folder = Path(tempfile.mkdtemp(prefix="reasoner-virtuoso-"))
    port, sql_port = free_port(), free_port()
    done = subprocess.run([str(SCRIPT), "start-virtuoso", str(folder), str(port), str(sql_port)],
                          capture_output=True, text=True, timeout=120, check=False)
    url = f"http://127.0.0.1:{port}/sparql"
    server = Server("virtuoso", url, url, folder)
    if done.returncode != 0 or not wait_ready(url):
        stop_virtuoso(server)
        raise RuntimeError(f"Virtuoso did not start: {done.stderr[-500:]}")
    return server


def stop_virtuoso(server: Server) -> None:
    subprocess.run([str(SCRIPT), "stop-virtuoso", str(server.folder)], check=False, timeout=60)
    lock = server.folder / "db" / "virtuoso.lck"
    deadline = time.monotonic() + 20
    while lock.exists() and time.monotonic() < deadline:
        time.sleep(0.1)
    shutil.rmtree(server.folder, ignore_errors=True)
