"""The policy contract (services/contracts.py, algorithm_loader.py, memory_engine.py,
run_execution.py): what lb's load_policy_algorithm returns or raises, that lb's NoOpPolicy leaves
policy_updates empty, and the configurations lb runs, in order, under either selection_mode."""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path
from typing import Any

from common import OURS, case, error_of, t

from lb_plugins.plugins.peva_faas.config import DfaasConfig
from lb_plugins.plugins.peva_faas.services.algorithm_loader import load_policy_algorithm
from lb_plugins.plugins.peva_faas.services.cartesian_scheduler import CartesianScheduler
from lb_plugins.plugins.peva_faas.services.memory_engine import InProcessMemoryEngine
from lb_plugins.plugins.peva_faas.services.memory_store import DuckDBMemoryStore
from lb_plugins.plugins.peva_faas.services.plan_builder import DfaasPlanBuilder, config_id, config_key
from lb_plugins.plugins.peva_faas.services.tensor_cache import TensorCache

from cases_storage import SCHEMA, SIMPLE_EVENT, event_of

# The `policies` package the loader cases import: lb's test fixture CustomPolicy (custom_algo.py)
# and a class without the contract. test/conformance/policy.conformance.ts writes the same
# classes as <workdir>/policies/reversed.mjs for lb-web's loader.
POLICIES_REVERSED = '''
class CustomPolicy:
    def choose_batch(self, *, candidates, desired_size):
        return list(reversed(candidates))[:desired_size]

    def update_online(self, event):
        _ = event

    def update_batch(self, events):
        _ = events


class Incomplete:
    def choose_batch(self, *, candidates, desired_size):
        return []
'''

NOOP = "lb_plugins.plugins.peva_faas.services.algorithm_loader:NoOpPolicy"


def load(entrypoint: str | None) -> dict[str, Any]:
    try:
        policy = load_policy_algorithm(entrypoint)
    except Exception as exc:  # lb's own exceptions are the expected output here
        return {"ok": False, "error": error_of(exc)}
    chosen = policy.choose_batch(candidates=[[["a", 10]], [["a", 20]], [["a", 30]]], desired_size=2)
    return {"ok": True, "value": {"class": type(policy).__name__, "choose_batch": chosen}}


def loader_cases() -> list[dict[str, Any]]:
    al = "algorithm_loader"
    entrypoints: list[tuple[str, str, str | None]] = [
        ("no entrypoint: NoOpPolicy", t(al, "test_default_algorithm_is_noop_policy"), None),
        ("empty entrypoint: NoOpPolicy", OURS, ""),
        ("lb's NoOpPolicy by name", OURS, NOOP),
        ("entrypoint without a colon", OURS, "policies.reversed"),
        ("module that does not exist", OURS, "policies.missing_policy:Policy"),
        ("class missing from the module", OURS, "policies.reversed:Nope"),
        ("class without the contract", OURS, "policies.reversed:Incomplete"),
        ("lb's test CustomPolicy (reversed order)", t(al, "test_custom_entrypoint_loads_algorithm"), "policies.reversed:CustomPolicy"),
    ]
    with tempfile.TemporaryDirectory() as tmp:
        pkg = Path(tmp) / "policies"
        pkg.mkdir()
        (pkg / "__init__.py").write_text("")
        (pkg / "reversed.py").write_text(POLICIES_REVERSED)
        sys.path.insert(0, tmp)
        try:
            out = [case(i, lb, "load_policy", {"entrypoint": e}, load(e)) for i, lb, e in entrypoints]
        finally:
            sys.path.remove(tmp)
            for name in [m for m in sys.modules if m == "policies" or m.startswith("policies.")]:
                del sys.modules[name]
    return out


def noop_updates(mode: str, batch_size: int, events: int) -> dict[str, Any]:
    """lb's engine with lb's NoOpPolicy: events ingested, checkpoint, then the table's rows."""
    with tempfile.TemporaryDirectory() as tmp:
        store = DuckDBMemoryStore(Path(tmp) / "memory.duckdb", SCHEMA)
        engine = InProcessMemoryEngine(mode=mode, batch_size=batch_size, batch_window_s=300, store=store, cache=TensorCache(), policy=load_policy_algorithm(None))  # type: ignore[arg-type]
        engine.startup()
        for i in range(events):
            engine.ingest_event(event_of({**SIMPLE_EVENT, "config_pairs": [["a", 10 * (i + 1)]]}))
        engine.checkpoint()
        conn = store._require_conn()  # noqa: SLF001 — the table lb creates and never fills
        rows = conn.execute("SELECT count(*) FROM policy_updates").fetchone()
        store.close()
    return {"policy_updates_rows": int(rows[0]) if rows else -1}


def noop_update_cases() -> list[dict[str, Any]]:
    return [
        case("NoOpPolicy online: no policy_updates row", OURS, "noop_policy_updates", {"mode": "online", "batch_size": 8, "events": 3}, noop_updates("online", 8, 3)),
        case("NoOpPolicy micro_batch: no policy_updates row", OURS, "noop_policy_updates", {"mode": "micro_batch", "batch_size": 2, "events": 5}, noop_updates("micro_batch", 2, 5)),
    ]


def run_order(kwargs: dict[str, Any], seen: list[list[list[Any]]]) -> dict[str, Any]:
    """run_execution.py DfaasConfigExecutor.execute: the plan, minus seen keys, one propose_batch."""
    config = DfaasConfig(**kwargs)
    builder = DfaasPlanBuilder(config)
    names = builder.build_function_names()
    rates = builder.build_rates()
    configs = builder.build_configurations(names, rates, rates_by_function=builder.build_rates_by_function(rates))
    seen_keys = {config_key([(n, int(r)) for n, r in s]) for s in seen}
    selected = CartesianScheduler().propose_batch(candidates=configs, seen_keys=seen_keys, desired_size=max(1, len(configs)))
    return {"selection_mode": config.selection_mode, "config_ids": [config_id(c) for c in selected]}


def order_cases() -> list[dict[str, Any]]:
    base = {
        "functions": [{"name": "figlet"}, {"name": "env"}, {"name": "cpu-burn"}],
        "rate_strategy": {"type": "linear", "min_rate": 0, "max_rate": 30, "step": 10},
        "combinations": {"min_functions": 1, "max_functions": 3},
    }
    seen = [[["env", 10]], [["cpu-burn", 0], ["figlet", 20]]]
    return [
        case("online: lb's order", OURS, "run_order", {"config": base, "seen": seen}, run_order(base, seen)),
        case(
            "micro_batch with the default policy: the same order",
            OURS,
            "run_order",
            {"config": {**base, "selection_mode": "micro_batch", "micro_batch_size": 3}, "seen": seen},
            run_order({**base, "selection_mode": "micro_batch", "micro_batch_size": 3}, seen),
        ),
    ]


def build() -> list[dict[str, Any]]:
    return loader_cases() + noop_update_cases() + order_cases()
