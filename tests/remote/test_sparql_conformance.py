"""The conformance cases on the sparql engine, run inside each store: the embedded on-disk
Oxigraph, the Oxigraph server and Virtuoso. Each must give clingo's model (and the case's)."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from typing import Any

import pyoxigraph
import pytest

from reasoner.engines import get_engine
from reasoner.engines.sparql.engine import SparqlEngine
from reasoner.engines.sparql.run import OxigraphRunner, Runner
from reasoner.errors import RuleCheckError
from reasoner.stores.sparql import RemoteRunner, SparqlClient

CONFORMANCE = Path(__file__).parents[1] / "conformance" / "test_conformance.py"


def _conformance() -> Any:
    spec = importlib.util.spec_from_file_location("conformance_cases", CONFORMANCE)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["conformance_cases"] = module  # dataclasses look their module up here
    spec.loader.exec_module(module)
    return module


CASES = _conformance()
STORES = ["embedded", "oxigraph-server", "virtuoso"]
# Not yet working inside Virtuoso: the SPARQL compiled for + and - (date shifts computed step
# by step) makes it time out (SR171), and min/max in the value order do not give clingo's
# answer there. The sparql engine in Oxigraph (embedded and server) runs every case.
VIRTUOSO_ARITHMETIC = frozenset({
    "53-arithmetic-integers", "54-arithmetic-in-heads-and-comparisons",
    "55-arithmetic-bounded-recursion", "57-arithmetic-undefined-operands",
    "58-date-differences", "59-date-shift", "62-min-max", "63-min-max-dates",
    "65-big-integers", "69-two-aggregates-one-local-name"})


@pytest.fixture(scope="module", params=STORES)
def runner(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Runner:
    if request.param == "embedded":
        return OxigraphRunner(pyoxigraph.Store(str(tmp_path_factory.mktemp("embedded"))))
    server = request.getfixturevalue("oxigraph_server" if request.param == "oxigraph-server"
                                     else "virtuoso")
    return RemoteRunner(SparqlClient(server.query_url, server.update_url))


@pytest.mark.parametrize("path", CASES.CASE_FILES, ids=lambda p: p.stem)
def test_case_in_store(runner: Runner, path: Path, request: pytest.FixtureRequest) -> None:
    if isinstance(runner, RemoteRunner) and "virtuoso" in request.node.callspec.id and \
            path.stem in VIRTUOSO_ARITHMETIC:
        # Virtuoso answers these slowly or wrongly (up to the 60 s limit each, with the server
        # busy long after): listed as its known limitation, not run in every CI
        pytest.xfail("arithmetic and min/max in Virtuoso (a known limitation, not run)")
    case = CASES.load_case(path)
    engine = SparqlEngine(runner)
    if case.expected_error is not None:
        with pytest.raises(RuleCheckError) as caught:
            engine.evaluate(case.program, case.facts)
        assert case.expected_error in {d.code for d in caught.value.diagnostics}
        return
    model = engine.evaluate(case.program, case.facts, timeout=60)
    assert {p: model.get(p) for p in case.expected} == case.expected
    if CASES.KNOWN.get(("clingo", case.name), ("",))[0] != "refuses":  # floats, 64-bit
        assert model == get_engine("clingo").evaluate(case.program, case.facts)
