"""The common mistakes of the controlled language, recognised by example (STYLE.md, guideline 5).

Each :class:`Mistake` has a fixed message, a fixed hint and a few sentences that make it. A
sentence the grammar rejects is matched against those examples with lark's
``UnexpectedInput.match_examples``: the examples are parsed once per process, and the mistake
whose example stopped the parser in the same state (with the same kind of token, preferably)
names the error. Errors that match no example keep the generic message.

Only mistakes that really stop the parser are here. A missing final period, a lowercase name and
an unclosed quotation are read without an error (the grammar makes the period optional; the
chunker drops quotation marks); an unknown capitalised name is a warning.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from lark.exceptions import UnexpectedInput

from reasoner.cnl.chunker import Chunker
from reasoner.cnl.lexicon import Lexicon
from reasoner.cnl.parser import feed, vocabulary


@dataclass(frozen=True, slots=True)
class Mistake:
    """One common mistake: its name, what to tell the writer, how to fix it, sentences that make it."""

    name: str
    message: str
    hint: str
    examples: tuple[str, ...]


MISTAKES: tuple[Mistake, ...] = (
    Mistake("lead-without-comma",
            "a date or phrase that opens the sentence must be followed by a comma",
            "write 'On Monday, Putin met Xi.'",
            ("On Monday Putin met Xi.", "Yesterday Putin met Xi.", "On February 4 Russia warned Ukraine.",
             "In Paris Macron met Scholz.", "After the talks Putin left.")),
    Mistake("two-sentences",
            "two sentences run together: a sentence goes on after its final period",
            "write one sentence at a time, or put a space after the period",
            ("Putin met Xi. Macron visited Kyiv.", "Putin met Xi.Macron visited Kyiv.",
             "Russia warned Ukraine. It denied the claims.")),
    Mistake("headline-infinitive",
            "headline style 'X to meet Y' has no finite verb",
            "write 'Putin will meet Xi.'",
            ("Russia to impose sanctions on Ukraine.", "Putin to meet Xi.", "Scholz to visit Moscow.")),
    Mistake("no-subject",
            "the sentence starts with its verb: say who acted",
            "write 'Putin met Xi in Beijing.'",
            ("Traveled to Kyiv on Monday.", "Met with Xi in Beijing.", "Spoke with Scholz by phone.",
             "Warned of sanctions.", "Offered to mediate.")),
    Mistake("question",
            "a question is not a statement: the language states what happened",
            "write the statement, e.g. 'Putin met Xi.', and ask with a query",
            ("Who met Xi?", "Which states backed Ukraine?", "Who will host the talks?")),
    Mistake("modal-without-verb",
            "'will', 'could', 'must' and the like need a verb right after them",
            "write 'Russia could impose sanctions on Ukraine.'",
            ("Russia could sanctions Ukraine.", "Putin will Xi.", "China would Taiwan.")),
    Mistake("unknown-verb",
            "the word after the subject is not a verb the language knows",
            "use a verb of docs/language.md ('met', 'visited', 'warned', 'said', ...) "
            "or check its spelling",
            ("Putin mett Xi.", "Russia sanctioned Ukraine.", "Blinken slams Lavrov.",
             "Macron and Scholz discused Ukraine.")),
    Mistake("dangling-and",
            "the sentence ends after 'and', ',' or 'or': a name is missing",
            "finish the list: 'Putin and Xi met.'",
            ("Putin and.", "Russia, China and.", "Putin or.")),
    Mistake("no-verb",
            "the sentence has no verb",
            "add what happened: 'Putin and Xi met in Beijing.'",
            ("Putin and Xi in Beijing.", "Putin, Xi.", "Russia and China.", "The ministers in Geneva.",
             "The talks on Monday in Geneva.", "Putin, Xi and Lukashenko.")),
)


@lru_cache(maxsize=1)
def _example_errors() -> dict[str, UnexpectedInput]:
    """The parser's error on each example, parsed once per process (with the default lexicon)."""
    chunker = Chunker(Lexicon.default().copy(), vocabulary(), None)
    errors: dict[str, UnexpectedInput] = {}
    for mistake in MISTAKES:
        for example in mistake.examples:
            try:
                feed(chunker.chunk(example))
            except UnexpectedInput as error:
                errors[example] = error
    return errors


def _reparse(example: str) -> None:
    """``parse_fn`` for ``match_examples``: raise the example's stored error (if it has one)."""
    error = _example_errors().get(example)
    if error is not None:
        raise error


def classify(error: UnexpectedInput) -> Mistake | None:
    """The common mistake this parse error is an instance of, if any."""
    if getattr(error, "state", None) is None:
        return None
    return error.match_examples(_reparse, [(m, m.examples) for m in MISTAKES], token_type_match_fallback=True)
