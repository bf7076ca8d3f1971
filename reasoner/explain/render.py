"""Explanations for people (a tree) and for programs (JSON, see
``tests/explain/explanation.schema.json``).

In the tree, a derived fact that was already proved higher up in the same answer is shown once
and then marked "(proved above)", and a sentence already quoted is referred to by its number, so
the tree stays readable when one event supports many premises.
"""

from __future__ import annotations

import io
import json
from dataclasses import dataclass, field
from typing import Any

from rich.console import Console
from rich.text import Text
from rich.tree import Tree

from reasoner.explain.model import (Answer, Attempt, Explanation, Fact, Missing, Proof, Source,
                                    Step, WhyNot, exact, show)

KIND_LABELS = {"asserted": "stated", "background": "background", "rule_fact": "rule fact"}


# -- tree ---------------------------------------------------------------------------------------

@dataclass
class _Seen:
    """What one answer's tree has shown already (mutable while one tree is drawn)."""

    facts: set[Fact] = field(default_factory=set)
    sentences: set[tuple[str | None, int]] = field(default_factory=set)


def render_tree(item: Explanation | WhyNot, *, color: bool = False, width: int = 100) -> str:
    """A readable tree as text; ``color`` adds terminal styles (use it only on a TTY)."""
    console = Console(file=io.StringIO(), width=width, color_system="standard" if color else None,
                      force_terminal=color, highlight=False, soft_wrap=False)
    for tree in (explanation_trees(item) if isinstance(item, Explanation) else [why_not_tree(item)]):
        console.print(tree)
    return console.file.getvalue()  # type: ignore[attr-defined]


def explanation_trees(explanation: Explanation) -> list[Tree | Text]:
    out: list[Tree | Text] = [answer_tree(a) for a in explanation.answers]
    more = explanation.total_answers - len(explanation.answers)
    if more > 0:
        out.append(Text(f"... and {more} more answer{'s' if more != 1 else ''} "
                        f"(raise the limit to see them)", style="dim"))
    return out


def answer_tree(answer: Answer) -> Tree:
    ways = ""
    if answer.alternatives > 1 or len(answer.proofs) > 1:
        ways = f"  ({answer.alternatives} derivations"
        ways += f", showing {len(answer.proofs)})" if len(answer.proofs) < answer.alternatives else ")"
    root = Tree(Text.assemble((answer.fact.text, "bold"), (ways, "dim")))
    for n, proof in enumerate(answer.proofs, start=1):
        seen = _Seen()
        branch = root.add(Text(f"derivation {n}", style="dim")) if len(answer.proofs) > 1 else root
        if proof.step is None:
            _add_sources(branch, proof, seen)
        else:
            _add_step(branch, proof.step, seen)
    sentences = _sentences(answer)
    if sentences:
        quoted = root.add(Text("supported by", style="bold"))
        for source in sentences:
            quoted.add(Text(source.label))
    return root


def _add_step(node: Tree, step: Step, seen: _Seen) -> None:
    """The rule application under ``node`` and everything below it (iteratively: proofs can be
    deeper than Python's recursion limit)."""
    todo: list[tuple[Tree, Proof | Step]] = [(node, step)]
    while todo:
        parent, item = todo.pop()
        if isinstance(item, _Checks):
            _add_checks(parent, item.step)
            continue
        if isinstance(item, Proof):
            item = _proof_node(parent, item, seen)  # type: ignore[assignment]
            if item is None:
                continue
            parent = item[0]  # type: ignore[index]
            item = item[1]  # type: ignore[index]
        branch = parent.add(_step_label(item))  # type: ignore[arg-type]
        todo.append((branch, _Checks(item)))  # type: ignore[arg-type]
        todo.extend((branch, p) for p in reversed(item.premises))  # type: ignore[union-attr]


class _Checks:
    """A marker on the work stack: add the step's checks after its premises."""

    def __init__(self, step: Step) -> None:
        self.step = step


def _step_label(step: Step) -> Text:
    bindings = ", ".join(f"{name} = {show(value)}" for name, value in step.bindings)
    label = Text.assemble(("by ", "dim"), (step.location, "cyan"), "  ", step.rule)
    if bindings:
        label.append(f"\nwith {bindings}", style="dim")
    return label


def _add_checks(branch: Tree, step: Step) -> None:
    for check in step.checks:
        text = f"checked: {check.text}"
        if check.kind == "count":
            shown = ", ".join(check.counted)
            extra = f", and {check.total - len(check.counted)} more" if check.total > len(check.counted) else ""
            text += f"  [{shown}{extra}]" if check.counted else "  [nothing]"
        branch.add(Text(text, style="green"))


def _proof_node(node: Tree, proof: Proof, seen: _Seen) -> tuple[Tree, Step] | None:
    """Add a premise; return where its rule application goes, if it is to be shown."""
    if proof.step is None:
        label = Text.assemble(proof.fact.text, (f"  ({KIND_LABELS[proof.kind]})", "dim"))
        _add_sources(node.add(label), proof, seen)
        return None
    if proof.fact in seen.facts:
        node.add(Text.assemble(proof.fact.text, ("  (proved above)", "dim")))
        return None
    seen.facts.add(proof.fact)
    return node.add(Text(proof.fact.text)), proof.step


def _add_sources(node: Tree, proof: Proof, seen: _Seen) -> None:
    for source in proof.sources:
        if source.kind == "document" and source.sentence is not None:
            key = (source.doc_id, source.sentence)
            if key in seen.sentences:
                node.add(Text(f"{source.doc_id}, sentence {source.sentence} (quoted above)", style="dim"))
                continue
            seen.sentences.add(key)
        node.add(Text(source.label, style="yellow" if source.kind == "document" else "dim"))


def _sentences(answer: Answer) -> list[Source]:
    found: dict[tuple[str | None, int], Source] = {}
    for proof in answer.proofs:
        for leaf in proof.leaves():
            for source in leaf.sources:
                if source.kind == "document" and source.sentence is not None:
                    found.setdefault((source.doc_id, source.sentence), source)
    return [found[k] for k in sorted(found, key=lambda k: (k[0] or "", k[1]))]


def why_not_tree(why: WhyNot) -> Tree:
    root = Tree(Text.assemble((why.fact.text, "bold"), (" does not hold", "")))
    if why.note:
        root.add(Text(why.note))
    for attempt in why.attempts:
        _add_attempt(root, attempt)
    return root


def _add_attempt(node: Tree, attempt: Attempt) -> None:
    label = Text.assemble(("closest instance of ", "dim"), (attempt.location, "cyan"), "  ",
                          attempt.rule,
                          (f"\n{attempt.score} of {attempt.total} premises hold", "dim"))
    if attempt.bindings:
        label.append("; with " + ", ".join(f"{n} = {show(v)}" for n, v in attempt.bindings), style="dim")
    if not attempt.complete:
        label.append(" (search stopped at its budget)", style="dim")
    branch = node.add(label)
    for literal in attempt.satisfied:
        branch.add(Text(f"holds: {literal}", style="green"))
    for missing in attempt.missing:
        _add_missing(branch, missing)
    for literal in attempt.unchecked:
        branch.add(Text(f"not checked (needs the missing facts): {literal}", style="dim"))


def _add_missing(node: Tree, missing: Missing) -> None:
    label = Text.assemble(("missing: ", "red"), ", ".join(missing.literals), "\n", (missing.reason, "bold"))
    branch = node.add(label)
    for deeper in missing.deeper:
        _add_attempt(branch, deeper)


# -- JSON ---------------------------------------------------------------------------------------

def render_json(item: Explanation | WhyNot) -> str:
    data = explanation_json(item) if isinstance(item, Explanation) else why_not_json(item)
    return json.dumps(data, indent=2, ensure_ascii=False) + "\n"


def fact_json(fact: Fact) -> dict[str, Any]:
    return {"pred": fact.pred, "args": [exact(a) for a in fact.args], "text": fact.text}


def explanation_json(explanation: Explanation) -> dict[str, Any]:
    return {
        "kind": "explanation",
        "query": explanation.query,
        "engine": explanation.engine,
        "total_answers": explanation.total_answers,
        "answers": [answer_json(a) for a in explanation.answers],
    }


def answer_json(answer: Answer) -> dict[str, Any]:
    return {
        "fact": fact_json(answer.fact),
        "alternatives": answer.alternatives,
        "proofs": [proof_json(p, set()) for p in answer.proofs],
        "sentences": [{"doc_id": s.doc_id, "sentence": s.sentence, "text": s.text,
                       "iri": s.sentence_iri} for s in _sentences(answer)],
    }


def proof_json(proof: Proof, seen: set[Fact]) -> dict[str, Any]:
    """A proof as nested JSON; a derived fact proved earlier in the same tree is a reference.
    Built iteratively (proofs can be deeper than Python's recursion limit)."""
    root: list[dict[str, Any]] = []
    todo: list[tuple[list[dict[str, Any]], Proof]] = [(root, proof)]
    while todo:
        into, node = todo.pop()
        out: dict[str, Any] = {"fact": fact_json(node.fact), "kind": node.kind, "rank": node.rank}
        into.append(out)
        if node.step is None:
            out["sources"] = [source_json(s) for s in node.sources]
            continue
        if node.fact in seen:
            out["ref"] = True
            continue
        seen.add(node.fact)
        step = node.step
        out["rule"] = {"text": step.rule, "location": step.location, "index": step.rule_index}
        out["bindings"] = {name: exact(value) for name, value in step.bindings}
        out["premises"] = []
        out["checks"] = [{"kind": c.kind, "literal": c.literal, "text": c.text,
                          "counted": list(c.counted), "total": c.total} for c in step.checks]
        todo.extend((out["premises"], p) for p in reversed(step.premises))
    return root[0]


def source_json(source: Source) -> dict[str, Any]:
    fields = ("kind", "graph", "doc_id", "sentence", "text", "sentence_iri", "subject", "location")
    return {name: getattr(source, name) for name in fields if getattr(source, name) is not None}


def why_not_json(why: WhyNot) -> dict[str, Any]:
    return {
        "kind": "why_not",
        "fact": fact_json(why.fact),
        "engine": why.engine,
        "summary": why.summary,
        "note": why.note,
        "attempts": [attempt_json(a) for a in why.attempts],
    }


def attempt_json(attempt: Attempt) -> dict[str, Any]:
    return {
        "rule": {"text": attempt.rule, "location": attempt.location, "index": attempt.rule_index},
        "bindings": {name: exact(value) for name, value in attempt.bindings},
        "satisfied": list(attempt.satisfied),
        "missing": [{"literals": list(m.literals), "reason": m.reason, "derived": m.derived,
                     "deeper": [attempt_json(d) for d in m.deeper]} for m in attempt.missing],
        "unchecked": list(attempt.unchecked),
        "total": attempt.total,
        "complete": attempt.complete,
    }


# -- one entry point for the command line -------------------------------------------------------

FORMATS = ("tree", "json", "turtle")


def render(item: Explanation | WhyNot, fmt: str = "tree", *, color: bool = False,
           width: int = 100) -> str:
    """``tree`` (for people), ``json`` (for programs) or ``turtle`` (PROV-O, explanations only)."""
    from reasoner.errors import InputError

    if fmt == "tree":
        return render_tree(item, color=color, width=width)
    if fmt == "json":
        return render_json(item)
    if fmt == "turtle":
        if isinstance(item, WhyNot):
            raise InputError("--format turtle gives the PROV-O derivation of a conclusion; "
                             "for --why-not use tree or json")
        from reasoner.explain.prov import render_turtle

        return render_turtle(item)
    raise InputError(f"unknown explanation format {fmt!r}: choose one of {', '.join(FORMATS)}")
