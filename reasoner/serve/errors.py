"""The errors the endpoint turns into HTTP answers (403, 503, and the protocol's own statuses)."""

from __future__ import annotations

from reasoner.errors import Diagnostic, ReasonerError


class RequestRefused(ReasonerError):
    """A well-formed request this endpoint will not run: an update, or a SERVICE call."""

    code = "refused"


class QueryTimeout(ReasonerError):
    """A query ran past the time limit and its worker was stopped."""

    code = "query-timeout"


class EndpointBusy(ReasonerError):
    """Every worker stayed busy for the whole time limit."""

    code = "busy"


class ProtocolRefusal(ReasonerError):
    """A request the protocol rejects with a specific status (406, 411, 413, 415)."""

    code = "protocol"

    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status


def read_only() -> RequestRefused:
    return RequestRefused(Diagnostic(
        "read-only", "this endpoint is read-only: SPARQL Update is refused",
        hint="change the store with the reasoner command line"))
