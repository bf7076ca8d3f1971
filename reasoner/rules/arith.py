"""What arithmetic and aggregates compute: the reference every engine agrees with.

``+ - * / mod`` (docs/rules.md, Arithmetic):

* two integers give an integer; ``/`` truncates toward zero and ``mod`` takes the sign of the
  dividend (``-7 / 2 = -3``, ``-7 mod 2 = -1``), as in clingo and C;
* an integer and a float, or two floats, give a float (``/`` divides exactly, ``mod`` is C's
  ``fmod``);
* a date minus a date is the number of days between them; a date plus or minus an integer
  is a date;
* anything else is undefined: division by zero, a symbol or a string as an operand, an
  integer result outside 64 bits, a float result that is not finite, a date outside years
  1-9999. An undefined expression has no value, so the rule instance holding it yields nothing
  (clingo's behaviour), on every engine.

Aggregates work on the distinct tuples of their body (clingo's tuple semantics): ``sum`` adds
the first elements that are numbers (0 for none), ``min`` and ``max`` take the least and the
greatest first element in the value order (:func:`reasoner.rules.ast.sort_key`), and have no
value for no tuples.
"""

from __future__ import annotations

import datetime
import math
from typing import Callable, Iterable

from reasoner.rules import ast

_INT_OPS: dict[str, Callable[[int, int], int]] = {
    "+": lambda a, b: a + b,
    "-": lambda a, b: a - b,
    "*": lambda a, b: a * b,
    "/": lambda a, b: abs(a) // abs(b) * (1 if (a >= 0) == (b >= 0) else -1),
    "mod": lambda a, b: a - b * (abs(a) // abs(b) * (1 if (a >= 0) == (b >= 0) else -1)),
}
_FLOAT_OPS: dict[str, Callable[[float, float], float]] = {
    "+": lambda a, b: a + b,
    "-": lambda a, b: a - b,
    "*": lambda a, b: a * b,
    "/": lambda a, b: a / b,
    "mod": math.fmod,
}


def is_int(value: object) -> bool:
    return type(value) is int


def is_number(value: object) -> bool:
    return type(value) in (int, float)


def apply(op: str, left: ast.Value, right: ast.Value) -> ast.Value | None:
    """``left op right``, or None where it is undefined (see the module docstring)."""
    if is_int(left) and is_int(right):
        return _integer(op, left, right)  # type: ignore[arg-type]
    if is_number(left) and is_number(right):
        return _float(op, float(left), float(right))  # type: ignore[arg-type]
    return _dates(op, left, right)


def _integer(op: str, a: int, b: int) -> int | None:
    if op in ("/", "mod") and b == 0:
        return None
    result = _INT_OPS[op](a, b)
    return result if ast.INT_MIN <= result <= ast.INT_MAX else None


def _float(op: str, a: float, b: float) -> float | None:
    if op in ("/", "mod") and b == 0.0:
        return None
    try:
        result = _FLOAT_OPS[op](a, b)
    except OverflowError:
        return None
    return result if math.isfinite(result) else None


def _dates(op: str, a: ast.Value, b: ast.Value) -> ast.Value | None:
    date = datetime.date
    if op == "-" and type(a) is date and type(b) is date:
        return (a - b).days  # type: ignore[operator]
    if op in ("+", "-") and type(a) is date and is_int(b):
        return shift(a, b if op == "+" else -b)  # type: ignore[arg-type, operator]
    if op == "+" and is_int(a) and type(b) is date:
        return shift(b, a)  # type: ignore[arg-type]
    return None


def shift(day: datetime.date, days: int) -> datetime.date | None:
    """``day`` plus ``days``, or None outside the years 1-9999."""
    ordinal = day.toordinal() + days
    if not 1 <= ordinal <= datetime.date.max.toordinal():
        return None
    return datetime.date.fromordinal(ordinal)


def evaluate(expr: ast.Expr, env: dict[str, ast.Value]) -> ast.Value | None:
    """The value of ``expr`` with its variables from ``env``, or None if undefined."""
    if isinstance(expr, ast.Const):
        return expr.value
    if isinstance(expr, ast.Var):
        return env[expr.name]
    left = evaluate(expr.left, env)
    right = evaluate(expr.right, env) if left is not None else None
    return None if right is None else apply(expr.op, left, right)  # type: ignore[arg-type]


def aggregate(func: str, tuples: Iterable[tuple[ast.Value, ...]]) -> ast.Value | None:
    """``func`` over the distinct ``tuples`` (see the module docstring)."""
    distinct = set(tuples)
    if func == "count":
        return len(distinct)
    firsts = [t[0] for t in distinct]
    if func == "sum":
        return sum_of(firsts)
    if not firsts:
        return None
    pick = min if func == "min" else max
    return pick(firsts, key=ast.sort_key)


def sum_of(values: Iterable[ast.Value]) -> ast.Value | None:
    """The sum of the numbers among ``values``: an integer unless a float is among them;
    None if it leaves 64 bits or is not finite. Integers are added exactly, then floats."""
    numbers = [v for v in values if is_number(v)]
    ints = sum(v for v in numbers if is_int(v))  # type: ignore[misc]
    floats = [v for v in numbers if type(v) is float]
    if not floats:
        return ints if ast.INT_MIN <= ints <= ast.INT_MAX else None  # type: ignore[return-value]
    total = math.fsum([*floats, float(ints)])
    return total if math.isfinite(total) else None
