"""Cross-origin requests: which web pages on other origins may read the endpoint's answers.

Off by default: a browser then lets no page of another origin read a result (the same-origin
policy), which is what keeps a page the user happens to open from reading a loopback endpoint.
``--cors ORIGIN`` (repeatable; ``*`` for any) names the origins of browser SPARQL tools (YASGUI
and the like) that may: their requests get ``Access-Control-Allow-Origin``, and their preflight
requests (a POST of ``application/sparql-query`` is one) an answer saying what is allowed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from typing import Iterable

from reasoner.errors import Diagnostic, InputError
from reasoner.serve.protocol import Request, Response

_ORIGIN = re.compile(r"https?://[A-Za-z0-9.\-\[\]:]+\Z")
PREFLIGHT_SECONDS = "600"


@dataclass(frozen=True, slots=True)
class CorsPolicy:
    origins: frozenset[str] = frozenset()  # "*" allows any origin

    @classmethod
    def of(cls, origins: Iterable[str]) -> "CorsPolicy":
        """The policy for ``--cors`` values, refusing anything that is not an origin."""
        found = frozenset(o.strip().rstrip("/") for o in origins)
        bad = sorted(o for o in found if o != "*" and not _ORIGIN.match(o))
        if bad:
            raise InputError(*(Diagnostic("bad-origin", f"--cors {o!r} is not an origin: write "
                                          "scheme://host[:port], e.g. http://localhost:3000, or *")
                               for o in bad))
        return cls(found)

    def allows(self, origin: str | None) -> bool:
        return bool(origin) and ("*" in self.origins or origin in self.origins)

    def apply(self, request: Request, response: Response) -> Response:
        """The response with the CORS headers this request's origin is entitled to."""
        origin = request.headers.get("origin")
        if not self.origins:
            return response
        headers = {**response.headers, "Vary": _vary(response.headers.get("Vary"))}
        if self.allows(origin):
            headers["Access-Control-Allow-Origin"] = "*" if "*" in self.origins else str(origin)
            headers["Access-Control-Expose-Headers"] = "X-Reasoner-Truncated"
        return replace(response, headers=headers)

    def preflight(self, request: Request) -> Response:
        """The answer to an ``OPTIONS`` request, a browser asking before a cross-origin POST."""
        headers = {"Allow": "GET, POST, OPTIONS"}
        if self.allows(request.headers.get("origin")):
            headers.update({"Access-Control-Allow-Methods": "GET, POST",
                            "Access-Control-Allow-Headers": "Content-Type, Accept",
                            "Access-Control-Max-Age": PREFLIGHT_SECONDS})
        return self.apply(request, Response(204, b"", headers=headers, summary="preflight"))


def _vary(existing: str | None) -> str:
    return "Origin" if not existing else f"{existing}, Origin"
