"""The SPARQL 1.1 Protocol on plain data: requests, responses, parameters, Host checks.

Nothing here touches a socket: :mod:`reasoner.serve.http` reads the request off the wire and
hands a :class:`Request` to the endpoint, which answers with a :class:`Response`.
"""

from __future__ import annotations

import ipaddress
from dataclasses import dataclass, field
from typing import Mapping
from urllib.parse import parse_qs, urlsplit

from reasoner.errors import Diagnostic, InputError, QueryError, ReasonerError
from reasoner.serve.errors import ProtocolRefusal, read_only

MAX_QUERY_CHARS = 100_000  # rdflib's parser is pyparsing: keep pathological inputs small
MAX_BODY_BYTES = 1_000_000


@dataclass(frozen=True, slots=True)
class Request:
    method: str
    target: str  # the path with its query string
    headers: Mapping[str, str]
    body: bytes = b""


@dataclass(frozen=True, slots=True)
class Response:
    status: int
    body: bytes
    content_type: str = "text/plain; charset=utf-8"
    headers: Mapping[str, str] = field(default_factory=dict)
    summary: str = ""  # for the log's status line


def text_response(status: int, message: str, summary: str = "", **headers: str) -> Response:
    return Response(status, (message.rstrip("\n") + "\n").encode("utf-8"),
                    headers=headers, summary=summary or message.splitlines()[0][:120])


def error_response(status: int, error: ReasonerError) -> Response:
    return text_response(status, error.render(), f"{error.code}: {error.diagnostics[0].message[:100]}")


LOOPBACK_NAMES = frozenset({"localhost", "127.0.0.1", "::1", "[::1]"})


def is_loopback(host: str) -> bool:
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return host == "localhost"


def host_name(header: str) -> str:
    header = header.strip().lower()
    if header.startswith("["):
        return header[:header.find("]") + 1]
    return header.rsplit(":", 1)[0] if header.count(":") == 1 else header


def protocol_request(request: Request) -> tuple[dict[str, list[str]], str]:
    """The protocol parameters and the query text of a GET or POST, or a refusal."""
    params = parse_qs(urlsplit(request.target).query, keep_blank_values=True)
    content_type = request.headers.get("content-type", "").split(";")[0].strip().lower()
    body_query: list[str] = []
    if request.method == "POST":
        text = _body_text(request.body)
        if content_type == "application/x-www-form-urlencoded":
            for key, values in parse_qs(text, keep_blank_values=True).items():
                params.setdefault(key, []).extend(values)
        elif content_type == "application/sparql-query":
            body_query = [text]
        elif content_type == "application/sparql-update":
            raise read_only()
        else:
            raise ProtocolRefusal(415, f"unsupported Content-Type {content_type or '(none)'}: send "
                                     "application/x-www-form-urlencoded or application/sparql-query")
    if params.get("update"):
        raise read_only()
    queries = body_query + params.get("query", [])
    if not queries or not queries[0].strip():
        raise QueryError(Diagnostic("missing-query", "no query: pass the SPARQL text as the "
                                    "'query' parameter", hint="open / in a browser for a query page"))
    if len(queries) > 1:
        raise QueryError(Diagnostic("many-queries", "more than one query in one request"))
    if len(queries[0]) > MAX_QUERY_CHARS:
        raise ProtocolRefusal(413, f"the query is longer than {MAX_QUERY_CHARS} characters")
    return params, queries[0]


def _body_text(body: bytes) -> str:
    try:
        return body.decode("utf-8")
    except UnicodeDecodeError:
        raise InputError("the request body is not UTF-8 text") from None

