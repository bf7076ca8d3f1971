"""The query page served at ``/``: plain HTML and JavaScript, nothing loaded from elsewhere."""

from __future__ import annotations

import html

from reasoner.rdf.namespaces import PREFIX_IRIS


PAGE_POLICY = ("default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; "
                "connect-src 'self'; base-uri 'none'; form-action 'none'")

EXAMPLE = """SELECT ?x ?y WHERE {
  GRAPH graph:inferred { ?a voc:aligned ?b }
  ?a rdfs:label ?x . ?b rdfs:label ?y .
} ORDER BY ?x ?y LIMIT 100"""


def page(timeout: float, max_rows: int) -> str:
    """The query page, showing the endpoint's limits."""
    prefixes = " ".join(sorted(PREFIX_IRIS))
    return _PAGE.format(example=html.escape(EXAMPLE), prefixes=html.escape(prefixes),
                        limits=html.escape(f"time limit {timeout:g} s, "
                                           f"at most {max_rows} rows"))


_PAGE = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>reasoner SPARQL</title>
<style>
body {{ font: 14px/1.4 system-ui, sans-serif; margin: 1.5em; color: #222; }}
textarea {{ width: 100%; height: 12em; font: 13px monospace; }}
table {{ border-collapse: collapse; margin-top: 1em; }}
th, td {{ border: 1px solid #ccc; padding: 2px 8px; text-align: left; font: 13px monospace; }}
th {{ background: #f0f0f0; }}
pre {{ background: #f8f8f8; padding: .6em; white-space: pre-wrap; }}
#status {{ margin-left: 1em; color: #555; }} .error {{ color: #a00; }}
</style></head>
<body>
<h1>reasoner: SPARQL</h1>
<p>Read-only; {limits}. The default graph is the union of all graphs. Predefined prefixes:
<code>{prefixes}</code>. Ctrl+Enter runs the query.</p>
<textarea id="query" spellcheck="false">{example}</textarea><br>
<button id="run">Run</button><span id="status"></span>
<div id="out"></div>
<script>
"use strict";
const query = document.getElementById("query"), out = document.getElementById("out"),
      status = document.getElementById("status");
function cell(tag, text) {{ const c = document.createElement(tag); c.textContent = text; return c; }}
function show(data) {{
  out.replaceChildren();
  if ("boolean" in data) {{ out.append(cell("pre", String(data.boolean))); return 1; }}
  const table = document.createElement("table"), head = document.createElement("tr");
  data.head.vars.forEach(v => head.append(cell("th", v)));
  table.append(head);
  data.results.bindings.forEach(b => {{
    const row = document.createElement("tr");
    data.head.vars.forEach(v => row.append(cell("td", b[v] ? b[v].value : "")));
    table.append(row);
  }});
  out.append(table);
  return data.results.bindings.length;
}}
async function run() {{
  status.textContent = "running..."; status.className = "";
  const started = performance.now();
  try {{
    const response = await fetch("sparql", {{method: "POST",
      headers: {{"Content-Type": "application/x-www-form-urlencoded",
                 "Accept": "application/sparql-results+json, text/turtle;q=0.9"}},
      body: new URLSearchParams({{query: query.value}})}});
    const seconds = ((performance.now() - started) / 1000).toFixed(3);
    const type = response.headers.get("Content-Type") || "";
    if (!response.ok) {{
      out.replaceChildren(cell("pre", await response.text()));
      status.textContent = "HTTP " + response.status + " after " + seconds + " s";
      status.className = "error"; return;
    }}
    let count;
    if (type.includes("json")) {{ count = show(await response.json()) + " rows"; }}
    else {{ out.replaceChildren(cell("pre", await response.text())); count = "graph"; }}
    const cut = response.headers.get("X-Reasoner-Truncated");
    status.textContent = count + " in " + seconds + " s" + (cut ? " (" + cut + ")" : "");
  }} catch (e) {{ status.textContent = String(e); status.className = "error"; }}
}}
document.getElementById("run").addEventListener("click", run);
query.addEventListener("keydown", e => {{ if (e.key === "Enter" && e.ctrlKey) run(); }});
</script>
</body></html>
"""
