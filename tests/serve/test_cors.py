"""Cross-origin reads: off by default, allowed per origin with --cors, checked by a real browser
(headless Chromium) running a page from another origin that calls the endpoint."""

from __future__ import annotations

import http.server
import re
import shutil
import subprocess
import tempfile
import threading
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path
from typing import Iterator

import pytest

from reasoner.errors import InputError
from reasoner.serve import SparqlEndpoint, running
from reasoner.stores import open_store

from .test_serve import ALIGNED, fill

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
PAGE = """<!doctype html><html><body><pre id="out">waiting</pre><script>
fetch(%(url)r + "?query=" + encodeURIComponent(%(query)r),
      {headers: {"Accept": "application/sparql-results+json"}})
  .then(r => r.json())
  .then(j => { document.getElementById("out").textContent =
                 "answer: " + j.results.bindings.map(b => b.a.value.split("/").pop()).join(","); })
  .catch(e => { document.getElementById("out").textContent = "blocked: " + e; });
</script></body></html>"""


def fetch(url: str, method: str = "GET", **headers: str) -> tuple[int, dict[str, str]]:
    request = urllib.request.Request(url, headers=headers, method=method)
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status, dict(response.headers)
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers)


@pytest.fixture(scope="module")
def page_server() -> Iterator[tuple[str, Path]]:
    """A plain web server on another port: another origin than the endpoint's."""
    folder = Path(tempfile.mkdtemp(prefix="reasoner-page-"))
    handler = lambda *a: http.server.SimpleHTTPRequestHandler(*a, directory=str(folder))  # noqa: E731
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}", folder
    httpd.shutdown()
    shutil.rmtree(folder, ignore_errors=True)


@pytest.fixture()
def endpoint_for(page_server: tuple[str, Path]) -> Iterator[object]:
    opened: list[object] = []

    def start(*cors: str) -> SparqlEndpoint:
        context = running(fill(open_store("memory")), cors=cors)
        opened.append(context)
        return context.__enter__()

    yield start
    for context in opened:
        context.__exit__(None, None, None)  # type: ignore[attr-defined]


def query_url(endpoint: SparqlEndpoint) -> str:
    return endpoint.url + "?query=" + urllib.parse.quote(ALIGNED)


def test_no_cors_headers_by_default(endpoint_for, page_server) -> None:
    origin, _ = page_server
    status, headers = fetch(query_url(endpoint_for()), Origin=origin, Accept="application/sparql-results+json")
    assert status == 200 and "Access-Control-Allow-Origin" not in headers


def test_an_allowed_origin_gets_the_header_and_a_preflight_answer(endpoint_for, page_server) -> None:
    origin, _ = page_server
    endpoint = endpoint_for(origin)
    status, headers = fetch(query_url(endpoint), Origin=origin, Accept="application/sparql-results+json")
    assert status == 200 and headers["Access-Control-Allow-Origin"] == origin and "Origin" in headers["Vary"]
    status, headers = fetch(endpoint.url, "OPTIONS", Origin=origin, **{
        "Access-Control-Request-Method": "POST", "Access-Control-Request-Headers": "content-type"})
    assert status == 204 and "POST" in headers["Access-Control-Allow-Methods"]
    assert "Content-Type" in headers["Access-Control-Allow-Headers"]
    status, headers = fetch(query_url(endpoint), Origin="http://elsewhere.example:9", Accept="text/csv")
    assert status == 200 and "Access-Control-Allow-Origin" not in headers


def test_a_bad_origin_is_refused() -> None:
    with pytest.raises(InputError, match="is not an origin"):
        SparqlEndpoint(open_store("memory"), port=0, cors=["localhost:3000/path"])


def _browse(page: str) -> str:
    """What the page shows once its script ran, read from the DOM Chromium dumps."""
    profile = tempfile.mkdtemp(prefix="reasoner-chromium-")
    try:
        done = subprocess.run(
            [str(CHROMIUM), "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
             "--disable-background-networking", "--disable-component-update", "--disable-sync",
             f"--user-data-dir={profile}", "--virtual-time-budget=15000", "--dump-dom", page],
            capture_output=True, text=True, timeout=120)
        shown = re.search(r'<pre id="out">(.*?)</pre>', done.stdout, re.S)
        return shown.group(1) if shown else f"no page: {done.stdout[-300:]} {done.stderr[-300:]}"
    finally:
        shutil.rmtree(profile, ignore_errors=True)


@pytest.mark.skipif(CHROMIUM is None, reason="Chromium is not installed: `make test` installs it "
                                             "(scripts/servers.sh install)")
def test_a_browser_page_on_another_origin_reads_answers_only_with_cors(endpoint_for, page_server) -> None:
    origin, folder = page_server
    allowed, closed = endpoint_for(origin), endpoint_for()
    for name, endpoint in (("allowed", allowed), ("closed", closed)):
        (folder / f"{name}.html").write_text(PAGE % {"url": endpoint.url, "query": ALIGNED}, encoding="utf-8")
    assert _browse(f"{origin}/allowed.html") == "answer: china,russia"
    assert _browse(f"{origin}/closed.html").startswith("blocked: TypeError")
