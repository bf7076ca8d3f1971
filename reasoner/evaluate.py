"""Score event extraction against hand-annotated gold files: ``reasoner eval GOLD_DIR``.

A gold folder holds, for each article ``NAME``, the text ``NAME.txt`` (a header line
``# source: ... — published YYYY-MM-DD`` or a ``date:`` header, then sentences) and
``NAME.gold.jsonl``: one object per fact, ``{"line": N, "type": T, "actors": [...], "targets":
[...], "date": "YYYY-MM-DD" or null, ...}`` where ``line`` is the physical line of the sentence.

A system event matches a gold fact on the same line with the same type and at least one common
participant (lenient); it is strict when every gold participant is found. Participants compare by
entity: a gold name is looked up in the lexicon (so "Sergey Lavrov" finds the entity spelled
"Sergei Lavrov"), and a system participant also answers to its state. Symmetric relations compare
as sets of participants (actors and targets together), as do all others: direction is not scored.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

from reasoner.cnl import Lexicon
from reasoner.reader.document import read_document
from reasoner.cnl.lexicon import entity_key
from reasoner.cnl.statements import EVENT_TYPES, Document, Event, Mention
from reasoner.errors import Diagnostic, InputError

_PUBLISHED = re.compile(r"published (\d{4}-\d{2}-\d{2})")


@dataclass(frozen=True)
class Gold:
    """One annotated fact."""

    file: str
    line: int
    type: str
    participants: tuple[str, ...]
    date: str | None
    text: str


@dataclass(frozen=True)
class Found:
    """One system event, located on its physical line."""

    file: str
    line: int
    type: str
    participants: tuple[frozenset[str], ...]  # per participant: the keys it answers to
    date: str | None
    text: str
    description: str


@dataclass
class TypeScore:
    gold: int = 0
    system: int = 0
    matched: int = 0  # gold facts matched leniently
    strict: int = 0
    correct: int = 0  # system events that match a gold fact

    @property
    def precision(self) -> float:
        return self.correct / self.system if self.system else 0.0

    @property
    def recall(self) -> float:
        return self.matched / self.gold if self.gold else 0.0

    @property
    def recall_strict(self) -> float:
        return self.strict / self.gold if self.gold else 0.0


@dataclass
class EvalReport:
    """Scores per file and per event type, confusions between types, missed and spurious events."""

    files: dict[str, TypeScore] = field(default_factory=dict)
    types: dict[str, TypeScore] = field(default_factory=dict)
    confusion: dict[tuple[str, str], int] = field(default_factory=dict)  # (gold type, system type)
    missed: list[Gold] = field(default_factory=list)
    spurious: list[Found] = field(default_factory=list)
    dates_right: int = 0
    dates_total: int = 0

    @property
    def total(self) -> TypeScore:
        out = TypeScore()
        for score in self.types.values():
            out.gold += score.gold
            out.system += score.system
            out.matched += score.matched
            out.strict += score.strict
            out.correct += score.correct
        return out

    @property
    def date_accuracy(self) -> float:
        return self.dates_right / self.dates_total if self.dates_total else 0.0

    def summary(self) -> dict[str, float | int]:
        total = self.total
        return {"gold": total.gold, "system": total.system, "recall_strict": total.recall_strict,
                "recall_lenient": total.recall, "precision": total.precision, "date_accuracy": self.date_accuracy}


def evaluate(gold_dir: Path, *, lexicon: Lexicon | None = None) -> EvalReport:
    """Parse every ``NAME.txt`` of ``gold_dir`` that has a ``NAME.gold.jsonl`` and score it.

    Raises:
        InputError: the folder holds no gold files, or a gold file is not valid JSON lines.
    """
    lexicon = lexicon or Lexicon.default()
    texts = sorted(p for p in Path(gold_dir).glob("*.txt") if p.with_suffix(".gold.jsonl").is_file())
    if not texts:
        raise InputError(Diagnostic("input", f"{gold_dir}: no NAME.txt with a NAME.gold.jsonl beside it"))
    report = EvalReport()
    for path in texts:
        lines = path.read_text(encoding="utf-8").splitlines()
        gold = _gold(path, lines, lexicon)
        found = _found(path, lexicon)
        _score_file(report, path.stem, gold, found)
    return report


def _gold(path: Path, lines: list[str], lexicon: Lexicon) -> list[Gold]:
    facts: list[Gold] = []
    gold_path = path.with_suffix(".gold.jsonl")
    for number, raw in enumerate(gold_path.read_text(encoding="utf-8").splitlines(), 1):
        if not raw.strip():
            continue
        try:
            obj = json.loads(raw)
            line = int(obj["line"])
            names = tuple(_gold_key(n, lexicon) for n in (obj.get("actors") or []) + (obj.get("targets") or []))
            facts.append(Gold(path.stem, line, str(obj["type"]), names, obj.get("date"),
                              lines[line - 1] if 0 < line <= len(lines) else ""))
        except (ValueError, KeyError, TypeError) as error:
            raise InputError(Diagnostic("input", f"{gold_path}:{number}: not a gold fact ({error})")) from None
    return facts


def _found(path: Path, lexicon: Lexicon) -> list[Found]:
    from reasoner.cnl.describe import describe_event

    text = path.read_text(encoding="utf-8")
    first = text.splitlines()[0] if text else ""
    match = _PUBLISHED.search(first)
    date = dt.date.fromisoformat(match.group(1)) if match else None
    doc: Document = read_document(text, lexicon=lexicon, doc_id=path.stem, source=str(path), date=date)
    return [Found(path.stem, s.span.line, e.type, tuple(_keys(m) for m in (*e.actors, *e.targets)),
                  e.date.isoformat() if e.date else None, s.text, describe_event(e))
            for s in doc.sentences for e in s.events]


def _norm(name: str) -> str:
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    return entity_key(re.sub(r"^the\s+", "", ascii_name.strip(), flags=re.I))


def _gold_key(name: str, lexicon: Lexicon) -> str:
    known = lexicon.lookup(name) or lexicon.lookup(re.sub(r"^the\s+", "", name, flags=re.I))
    return known.key if known is not None else _norm(name)


def _keys(mention: Mention) -> frozenset[str]:
    entity = mention.entity
    keys = {entity.key, _norm(entity.label)}
    if entity.country:
        keys.add(entity.country)
    return frozenset(keys)


def _hits(gold: Gold, event: Found) -> int:
    return sum(any(name in keys for keys in event.participants) for name in gold.participants)


def _score_file(report: EvalReport, name: str, gold: list[Gold], found: list[Found]) -> None:
    file_score = report.files.setdefault(name, TypeScore())
    used: set[int] = set()
    for event in found:
        report.types.setdefault(event.type, TypeScore()).system += 1
        file_score.system += 1
    for fact in gold:
        score = report.types.setdefault(fact.type, TypeScore())
        score.gold += 1
        file_score.gold += 1
        best = _best(fact, found, used)
        if best is None:
            report.missed.append(fact)
            _confused(report, fact, found)
            continue
        used.add(best)
        strict = _hits(fact, found[best]) == len(fact.participants)
        for target in (score, file_score):
            target.matched += 1
            target.strict += strict
            target.correct += 1
        if fact.date:
            report.dates_total += 1
            report.dates_right += found[best].date == fact.date
    report.spurious += [e for n, e in enumerate(found) if n not in used]


def _best(fact: Gold, found: list[Found], used: set[int]) -> int | None:
    best, best_hits = None, 0
    for n, event in enumerate(found):
        if n in used or event.line != fact.line or event.type != fact.type:
            continue
        hits = _hits(fact, event)
        if hits > best_hits:
            best, best_hits = n, hits
    return best


def _confused(report: EvalReport, fact: Gold, found: list[Found]) -> None:
    for event in found:
        if event.line == fact.line and event.type != fact.type and _hits(fact, event):
            key = (fact.type, event.type)
            report.confusion[key] = report.confusion.get(key, 0) + 1
            return


# ---- rendering ---------------------------------------------------------------------------------
def render(report: EvalReport, *, examples: int = 50) -> str:
    """The report as text: totals, per type, per file, confusions, missed and spurious events."""
    total = report.total
    out = [f"recall strict {total.recall_strict:.2f}  recall lenient {total.recall:.2f}  "
           f"precision {total.precision:.2f}  dates {report.date_accuracy:.2f}  "
           f"({total.gold} gold facts, {total.system} system events)", "",
           f"{'type':18s} {'gold':>5s} {'sys':>5s} {'prec':>6s} {'rec':>6s} {'strict':>7s}"]
    for name in [t for t in EVENT_TYPES if t in report.types]:
        s = report.types[name]
        out.append(f"{name:18s} {s.gold:5d} {s.system:5d} {s.precision:6.2f} {s.recall:6.2f} {s.recall_strict:7.2f}")
    out += ["", f"{'file':44s} {'gold':>5s} {'sys':>5s} {'prec':>6s} {'rec':>6s} {'strict':>7s}"]
    for name, s in report.files.items():
        out.append(f"{name[:44]:44s} {s.gold:5d} {s.system:5d} {s.precision:6.2f} {s.recall:6.2f} {s.recall_strict:7.2f}")
    if report.confusion:
        out += ["", "confusions (gold type -> system type):"]
        out += [f"  {g} -> {s}: {n}" for (g, s), n in sorted(report.confusion.items())]
    out += ["", f"missed ({len(report.missed)}):"]
    out += [f"  {g.file}:{g.line}: {g.type}({', '.join(g.participants)})  | {g.text[:100]}"
            for g in report.missed[:examples]]
    out += ["", f"spurious ({len(report.spurious)}):"]
    out += [f"  {e.file}:{e.line}: {e.description}  | {e.text[:100]}" for e in report.spurious[:examples]]
    return "\n".join(out) + "\n"


def events_of(found: list[Found]) -> list[str]:  # pragma: no cover - debugging aid
    return [e.description for e in found]


__all__ = ["EvalReport", "TypeScore", "evaluate", "render"]
_ = Event  # re-exported types stay importable for callers that annotate with them
