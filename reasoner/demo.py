"""`reasoner demo`: the seed article into a fresh store, then what was found, with sources."""

from __future__ import annotations

import shutil
import textwrap
from pathlib import Path

from reasoner import kb as kb_module
from reasoner.cnl.statements import Document, Event
from reasoner.errors import InputError
from reasoner.resources import seeds_dir


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
        reports = kb.ingest_files([seeds])
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


def conclusions_section(kb: kb_module.KnowledgeBase) -> list[str]:
    """The main conclusions of the shipped rules (filled in once rules are available)."""
    return []
