"""Fixture encoding and layout.

The fixtures are committed next to TypeScript that Prettier checks in CI
(`prettier --check .`), so they are written in the exact layout Prettier gives
JSON (print width 120): objects always expanded, arrays on one line when they
fit, number-only arrays packed ("fill") when they do not, arrays of several
multi-entry arrays one per line. A regenerated file is then byte-identical and
Prettier leaves it alone.

JSON has no NaN/Infinity, and lb's values often are NaN, so non-finite floats
are boxed as {"$float": "nan" | "inf" | "-inf"}; the TypeScript loader unboxes.
"""

from __future__ import annotations

import json
import math
import re
from pathlib import Path, PurePath
from typing import Any

WIDTH = 120


def box(value: Any) -> Any:
    """Plain JSON data: tuples/sets to lists, paths to text, NaN/Inf boxed."""
    if isinstance(value, float) and not math.isfinite(value):
        return {"$float": "nan" if math.isnan(value) else ("inf" if value > 0 else "-inf")}
    if isinstance(value, dict):
        return {str(k): box(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [box(v) for v in value]
    if isinstance(value, (set, frozenset)):
        return sorted((box(v) for v in value), key=lambda v: json.dumps(v, sort_keys=True))
    if isinstance(value, PurePath):
        return str(value)
    return value


def _scalar(value: Any) -> str:
    text = json.dumps(value, ensure_ascii=False)
    if isinstance(value, float):
        # Prettier normalises exponents: 1e-07 -> 1e-7, 1e+16 -> 1e16.
        text = re.sub(r"e\+?(-?)0*(\d)", r"e\1\2", text)
    return text


def _is_number(value: Any) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def _forces_break(value: Any) -> bool:
    """A non-empty object anywhere inside is printed expanded, which breaks every enclosing array."""
    if isinstance(value, dict):
        return bool(value)
    if isinstance(value, list):
        return _array_should_break(value) or any(_forces_break(v) for v in value)
    return False


def _array_should_break(items: list[Any]) -> bool:
    """Prettier breaks an array of 2+ arrays (or objects) that each hold 2+ entries."""
    if len(items) < 2:
        return False
    if all(isinstance(v, list) and len(v) > 1 for v in items):
        return True
    return all(isinstance(v, dict) and len(v) > 1 for v in items)


def _flat(value: Any) -> str:
    if isinstance(value, list):
        return "[" + ", ".join(_flat(v) for v in value) + "]"
    if isinstance(value, dict):
        return "{}"
    return _scalar(value)


def _render(value: Any, indent: int, column: int, tail: str) -> str:
    """`column` is where the value starts on its line, `tail` what follows it there ("," or "")."""
    pad = " " * (indent + 2)
    if isinstance(value, dict):
        if not value:
            return "{}"
        keys = sorted(value)
        lines = []
        for i, key in enumerate(keys):
            head = pad + json.dumps(key, ensure_ascii=False) + ": "
            comma = "," if i < len(keys) - 1 else ""
            lines.append(head + _render(value[key], indent + 2, len(head), comma) + comma)
        return "{\n" + "\n".join(lines) + "\n" + " " * indent + "}"
    if isinstance(value, list):
        if not value:
            return "[]"
        if not _forces_break(value):
            flat = _flat(value)
            if column + len(flat) + len(tail) <= WIDTH:
                return flat
        if len(value) > 1 and all(_is_number(v) for v in value):
            return "[\n" + _fill(value, indent + 2) + "\n" + " " * indent + "]"
        lines = []
        for i, item in enumerate(value):
            comma = "," if i < len(value) - 1 else ""
            lines.append(pad + _render(item, indent + 2, len(pad), comma) + comma)
        return "[\n" + "\n".join(lines) + "\n" + " " * indent + "]"
    return _scalar(value)


def _fill(numbers: list[Any], indent: int) -> str:
    lines: list[str] = []
    line = ""
    for i, n in enumerate(numbers):
        token = _scalar(n) + ("," if i < len(numbers) - 1 else "")
        if not line:
            line = " " * indent + token
        elif len(line) + 1 + len(token) <= WIDTH:
            line += " " + token
        else:
            lines.append(line)
            line = " " * indent + token
    lines.append(line)
    return "\n".join(lines)


def dumps(data: Any) -> str:
    return _render(box(data), 0, 0, "") + "\n"


def write(path: Path, data: Any) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(dumps(data), encoding="utf-8")
