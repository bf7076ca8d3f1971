"""`reasoner demo`: the seed article into a fresh store, then what was found, with sources."""

from __future__ import annotations

import json
import shutil
import textwrap
from pathlib import Path
from typing import TYPE_CHECKING

from reasoner import kb as kb_module
from reasoner.cnl.statements import Document, Event
from reasoner.errors import InputError
from reasoner.resources import seeds_dir

if TYPE_CHECKING:
    from reasoner.explain import Explainer


def fresh_store(location: str) -> None:
    """Empty the demo's store folder, refusing to delete a folder that is not a store."""
    if location == "memory":
        return
    path = Path(location)
    if not path.exists():
        return
    if not path.is_dir() or (any(path.iterdir()) and not (path / "CURRENT").exists()):
        raise InputError(f"{location} exists and is not a reasoner store; choose another --store")
    shutil.rmtree(path)


def describe_event(event: Event) -> str:
    """One line: type, who, whom, when, where, on what condition."""
    who = " and ".join(m.entity.label for m in event.actors)
    whom = ", ".join(m.entity.label for m in event.targets)
    parts = [f"{event.type.replace('_', ' ')}: {who}"]
    if whom:
        parts.append(f"-> {whom}")
    if event.date:
        parts.append(f"on {event.date.isoformat()}")
    if event.place:
        parts.append(f"in {event.place.entity.label}")
    if event.condition:
        parts.append(f"[{event.condition}]")
    if event.modality != "asserted":
        parts.append(f"({event.modality})")
    return " ".join(parts)


def quote(text: str, width: int = 100) -> str:
    return textwrap.shorten(text, width=width, placeholder=" ...")


def events_section(doc: Document) -> list[str]:
    lines = []
    for sentence in doc.sentences:
        for event in sentence.events:
            lines.append(f"  - {describe_event(event)}")
            lines.append(f"      sentence {sentence.number}: \"{quote(sentence.text)}\"")
    return lines


def run_demo(store: str) -> str:
    """Build the demo knowledge base and return the report to print."""
    fresh_store(store)
    seeds = seeds_dir()
    out: list[str] = [f"reasoner demo: ingesting {seeds} into a fresh store at {store}", ""]
    with kb_module.open(store) as kb:
        reports = kb.ingest_files([seeds], infer=False)  # inferred below, with a report
        for report in reports:
            out.append(report.coverage_line)
        out.append("")
        out.append("Events found (with the sentence each comes from):")
        for report in reports:
            if report.document is not None:
                out.extend(events_section(report.document))
        out.extend(conclusions_section(kb))
    out.append("")
    out.append(f"Explore it:  reasoner --store {store} query 'SELECT ?e ?type WHERE {{ ?e voc:event_type ?type }}'")
    return "\n".join(out) + "\n"


# The conclusions the demo reports: (predicate, heading, how to print one row).
MAIN_CONCLUSIONS: tuple[tuple[str, str], ...] = (
    ("aligned", "Aligned (joint statements, deals, joint appeals)"),
    ("mediation_offer", "Mediation offers (mediator, between, and)"),
    ("member_mediator", "Alliance members acting as mediators (member, alliance)"),
    ("intermediary", "Intermediaries in contact with both sides (who, side, side)"),
    ("sanction_threat_condition", "Sanction threats and their conditions (who, against, condition)"),
    ("coordinates", "Coordinating with each other"),
    ("opposes", "Opposition (who, against)"),
)


def _label(value: object) -> str:
    return getattr(value, "name", None) or str(value)


def _rows(facts: dict, pred: str) -> list[tuple]:  # type: ignore[type-arg]
    rows = sorted(facts.get(pred, ()), key=lambda r: tuple(map(_label, r)))
    if pred in ("aligned", "coordinates"):  # symmetric: show each pair once
        rows = [r for r in rows if _label(r[0]) < _label(r[1])]
    if pred in ("mediation_offer", "intermediary"):
        rows = [r for r in rows if _label(r[1]) < _label(r[2])]
    return rows


def blocs(facts: dict) -> list[list[str]]:  # type: ignore[type-arg]
    """Connected components of the same_bloc relation, largest first."""
    members: dict[str, set[str]] = {}
    for x, y in facts.get("same_bloc", ()):
        members.setdefault(_label(x), set()).add(_label(y))
    seen: set[str] = set()
    out = []
    for start in sorted(members):
        if start not in seen:
            group = {start} | members[start]
            seen |= group
            out.append(sorted(group))
    return sorted(out, key=lambda g: (-len(g), g))


def _atom_text(pred: str, row: tuple) -> str:  # type: ignore[type-arg]
    args = (_label(v) if getattr(v, "name", None) else json.dumps(str(v)) for v in row)
    return f"{pred}({', '.join(args)})"


def sources_lines(explainer: "Explainer", atom: str) -> list[str]:
    """The sentences behind a conclusion, one short quoted line each."""
    from reasoner.explain import supporting_sentences

    found = supporting_sentences(explainer.explain(atom, all=True))
    return [f"        <- sentence {number}: \"{quote(text, 90)}\"" for _, number, text in found]


def conclusions_section(kb: kb_module.KnowledgeBase) -> list[str]:
    """The main conclusions of the shipped rules, each with the sentences that support it."""
    from reasoner.explain import Explainer

    report = kb.infer()
    facts = report.derived.facts
    explainer = Explainer.from_kb(kb)
    out = ["", f"Conclusions ({report.summary}), with the sentences behind them:"]
    for pred, heading in MAIN_CONCLUSIONS:
        rows = _rows(facts, pred)
        out.append(f"  {heading}:")
        for row in rows:
            atom = _atom_text(pred, row)
            out.append(f"    {atom}")
            out.extend(sources_lines(explainer, atom))
        if not rows:
            out.append("    (none)")
    out.append("  Blocs:")
    for group in blocs(facts):
        shown = ", ".join(group[:12]) + (f" and {len(group) - 12} more" if len(group) > 12 else "")
        out.append(f"    {{{shown}}}")
    return out
