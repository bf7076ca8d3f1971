"""What changed in the conclusions: the delta of derived facts between two inferences."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Mapping

from reasoner.rules.ast import Iri, Value, sort_key
from reasoner.rules.printer import print_value

if TYPE_CHECKING:
    from reasoner.incremental import Change

Fact = tuple[str, tuple[Value, ...]]
Conclusions = Mapping[str, frozenset[tuple[Value, ...]]]

DEFAULT_LIMIT = 12


@dataclass(frozen=True)
class Delta:
    """Derived facts that appeared and disappeared."""

    added: tuple[Fact, ...]
    removed: tuple[Fact, ...]

    @property
    def changed(self) -> bool:
        return bool(self.added or self.removed)

    def summary(self) -> str:
        """``+3 conclusions, -1 conclusion`` (or ``no change in conclusions``)."""
        if not self.changed:
            return "no change in conclusions"
        return f"+{_count(len(self.added))}, -{_count(len(self.removed))}"

    def render(self, limit: int = DEFAULT_LIMIT, prefixes: Mapping[str, str] | None = None) -> str:
        """The summary, then up to ``limit`` changed facts (``+ fact`` / ``- fact``)."""
        lines = [self.summary()]
        changes = [("+", f) for f in self.added] + [("-", f) for f in self.removed]
        lines += [f"  {sign} {format_fact(fact, prefixes)}" for sign, fact in changes[:limit]]
        if len(changes) > limit:
            lines.append(f"  ... and {len(changes) - limit} more")
        return "\n".join(lines)


def diff(before: Conclusions, after: Conclusions) -> Delta:
    """Facts in ``after`` but not ``before`` (added) and the other way round (removed)."""
    added = [(p, row) for p, rows in after.items() for row in rows - before.get(p, frozenset())]
    removed = [(p, row) for p, rows in before.items() for row in rows - after.get(p, frozenset())]
    return Delta(tuple(sorted(added, key=_order)), tuple(sorted(removed, key=_order)))


def delta_of(changes: Mapping[str, "Change"]) -> Delta:
    """The delta of derived facts an incremental update reported."""
    added = [(p, row) for p, change in changes.items() for row in change.added]
    removed = [(p, row) for p, change in changes.items() for row in change.removed]
    return Delta(tuple(sorted(added, key=_order)), tuple(sorted(removed, key=_order)))


def format_fact(fact: Fact, prefixes: Mapping[str, str] | None = None) -> str:
    """A fact for reading: rule syntax, with IRIs shortened by any prefix that fits
    (``event:console-1/1-1``), even where rule syntax would need the full ``<IRI>``."""
    pred, args = fact
    if not args:
        return pred
    return f"{pred}({', '.join(_short(a, prefixes or {}) for a in args)})"


def _short(value: Value, prefixes: Mapping[str, str]) -> str:
    if isinstance(value, Iri):
        for name, base in sorted(prefixes.items(), key=lambda p: -len(p[1])):
            if base and value.value.startswith(base) and len(value.value) > len(base):
                return f"{name}:{value.value[len(base):]}"
    return print_value(value, prefixes)


def _order(fact: Fact) -> tuple[bool, str, tuple[tuple[int, object], ...]]:
    """Facts about entities first, facts about event nodes (IRIs) after; then by predicate."""
    pred, args = fact
    return any(isinstance(a, Iri) for a in args), pred, tuple(sort_key(a) for a in args)


def _count(n: int) -> str:
    return f"{n} conclusion{'' if n == 1 else 's'}"
