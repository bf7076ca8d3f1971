"""Why: every conclusion explained down to the sentences that support it.

``explain(kb, "aligned(russia, china)")`` gives a well-founded proof tree per answer: each rule
used (text, file:line, variable bindings), down to asserted facts with their document, sentence
number and sentence text. ``why_not(kb, "aligned(ukraine, china)")`` gives, for each rule that
could derive an atom that does not hold, its closest failed instance and the missing premise.
Both are computed over the materialised model, so they work with every engine. See
docs/explain.md.
"""

from reasoner.explain.api import (DEFAULT_LIMIT, ExplainError, Explainer, explain, explain_model,
                                  supporting_sentences, why_not, why_not_model)
from reasoner.explain.model import (Answer, Attempt, Check, Explanation, Fact, Missing, Proof,
                                    Source, Step, WhyNot)
from reasoner.explain.render import FORMATS, render, render_json, render_tree

__all__ = [
    "DEFAULT_LIMIT", "FORMATS", "Answer", "Attempt", "Check", "ExplainError", "Explainer", "Explanation",
    "Fact", "Missing", "Proof", "Source", "Step", "WhyNot", "explain", "explain_model",
    "render", "render_json", "render_tree", "supporting_sentences", "why_not", "why_not_model",
]
