"""Session fixtures: a Virtuoso and an Oxigraph server on loopback, started once, stopped after."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from typing import Iterator

import pytest


def _servers():  # type: ignore[no-untyped-def]
    path = Path(__file__).with_name("servers.py")
    spec = importlib.util.spec_from_file_location("remote_servers", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["remote_servers"] = module  # dataclasses look their module up here
    spec.loader.exec_module(module)
    return module


servers = _servers()


@pytest.fixture(scope="session")
def virtuoso() -> Iterator["servers.Server"]:
    if not servers.ensure_installed("virtuoso-t"):
        pytest.skip(servers.loud_skip_reason("Virtuoso (Debian virtuoso-opensource)"))
    server = servers.start_virtuoso()
    yield server
    servers.stop_virtuoso(server)


@pytest.fixture(scope="session")
def oxigraph_server() -> Iterator["servers.Server"]:
    if not servers.ensure_installed(servers.OXIGRAPH):
        pytest.skip(servers.loud_skip_reason("the Oxigraph server (PyPI oxigraph)"))
    server, proc = servers.start_oxigraph()
    yield server
    servers.stop_oxigraph(server, proc)


@pytest.fixture(params=["oxigraph-server", "virtuoso"])
def remote(request: pytest.FixtureRequest) -> "servers.Server":
    """Each remote server in turn."""
    name = "oxigraph_server" if request.param == "oxigraph-server" else "virtuoso"
    return request.getfixturevalue(name)  # type: ignore[no-any-return]
