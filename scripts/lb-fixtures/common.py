"""Shared helpers: the case record, lb error capture, path normalisation."""

from __future__ import annotations

import os
import warnings
from contextlib import contextmanager
from pathlib import Path
from typing import Any, Callable, Iterator

# Set by generate.py before any case module runs.
LB_ROOT = Path(".")

OURS = "ours"


def case(case_id: str, lb_test: str, kind: str, input: Any, expected: Any, note: str | None = None) -> dict[str, Any]:
    """One fixture case. `lb_test` is "<file>::<test>" of lb's unit suite, or "ours"."""
    record: dict[str, Any] = {"id": case_id, "lb_test": lb_test, "kind": kind, "input": input, "expected": expected}
    if note:
        record["note"] = note
    return record


def t(file_stem: str, test: str) -> str:
    """lb_test label: t("config", "test_x") -> "test_peva_faas_config.py::test_x"."""
    return f"test_peva_faas_{file_stem}.py::{test}"


def error_of(exc: BaseException) -> dict[str, Any]:
    """What an lb exception says, without addresses or temp paths."""
    return {"type": type(exc).__name__, "message": relative_text(str(exc))}


def outcome(fn: Callable[[], Any]) -> dict[str, Any]:
    """{"ok": true, "value": …} or {"ok": false, "error": …} for a call into lb."""
    try:
        return {"ok": True, "value": fn()}
    except Exception as exc:  # lb's own exceptions are the expected output here
        return {"ok": False, "error": error_of(exc)}


def relative_text(text: str) -> str:
    """Absolute paths of the lb checkout would make fixtures machine-specific."""
    return text.replace(str(LB_ROOT.resolve()) + os.sep, "").replace(str(LB_ROOT) + os.sep, "")


def relative_paths(value: Any) -> Any:
    if isinstance(value, str):
        return relative_text(value)
    if isinstance(value, dict):
        return {k: relative_paths(v) for k, v in value.items()}
    if isinstance(value, list):
        return [relative_paths(v) for v in value]
    return value


@contextmanager
def env(values: dict[str, str]) -> Iterator[None]:
    """Temporarily set environment variables (lb's config reads LB_* fallbacks)."""
    saved = {k: os.environ.get(k) for k in values}
    os.environ.update(values)
    try:
        yield
    finally:
        for k, v in saved.items():
            if v is None:
                os.environ.pop(k, None)
            else:
                os.environ[k] = v


@contextmanager
def deprecations() -> Iterator[list[str]]:
    """Collects DeprecationWarning texts (lb warns when migrating legacy `rates`)."""
    found: list[str] = []
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        yield found
    found.extend(str(w.message) for w in caught if issubclass(w.category, DeprecationWarning))
