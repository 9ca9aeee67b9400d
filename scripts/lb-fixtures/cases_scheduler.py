"""Dominance, scheduling and skips: config_enumerator.dominates, cartesian_scheduler.py, run_execution.py."""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Any
from unittest.mock import MagicMock

from common import OURS, case, t

from lb_plugins.plugins.peva_faas.config import DfaasConfig, DfaasFunctionConfig
from lb_plugins.plugins.peva_faas.context import ExecutionContext
from lb_plugins.plugins.peva_faas.services.cartesian_scheduler import CartesianScheduler
from lb_plugins.plugins.peva_faas.services.cooldown import MetricsSnapshot
from lb_plugins.plugins.peva_faas.services.plan_builder import DfaasPlanBuilder, config_id, config_key, dominates
from lb_plugins.plugins.peva_faas.services.result_builder import DfaasResultBuilder
from lb_plugins.plugins.peva_faas.services.run_execution import DfaasConfigExecutor, DfaasRunContext, DfaasRunPlanner

Pairs = list[tuple[str, int]]


def as_pairs(raw: list[list[Any]]) -> Pairs:
    return [(str(n), int(r)) for n, r in raw]


def dominance_cases() -> list[dict[str, Any]]:
    rows: list[tuple[str, str, list[list[Any]], list[list[Any]]]] = [
        ("higher on one function, equal on the other", t("generator", "test_dominates_checks_per_function"), [["a", 10], ["b", 0]], [["a", 10], ["b", 10]]),
        ("higher on one, lower on the other", t("generator", "test_dominates_checks_per_function"), [["a", 10], ["b", 0]], [["a", 0], ["b", 10]]),
        ("single function, higher rate", t("run_execution_extended", "test_check_skip_reason_detects_dominated_configs"), [["f1", 10]], [["f1", 20]]),
        ("equal configuration", OURS, [["a", 10]], [["a", 10]]),
        ("lower rate", OURS, [["a", 10]], [["a", 5]]),
        ("other function", OURS, [["a", 10]], [["b", 20]]),
        ("superset of functions", OURS, [["a", 10]], [["a", 20], ["b", 20]]),
        ("subset of functions", OURS, [["a", 10], ["b", 10]], [["a", 20]]),
        ("pairs out of name order", OURS, [["b", 10], ["a", 10]], [["a", 10], ["b", 20]]),
        ("three functions, all higher", OURS, [["a", 1], ["b", 1], ["c", 1]], [["a", 2], ["b", 2], ["c", 2]]),
        ("from rate 0", OURS, [["a", 0]], [["a", 1]]),
    ]
    return [
        case(i, lb, "dominates", {"base": base, "candidate": cand}, dominates(as_pairs(base), as_pairs(cand)))
        for i, lb, base, cand in rows
    ]


def propose(candidates: list[list[list[Any]]], seen: list[list[list[Any]]], size: int) -> list[Any]:
    batch = CartesianScheduler().propose_batch(
        candidates=[as_pairs(c) for c in candidates],
        seen_keys={config_key(as_pairs(s)) for s in seen},
        desired_size=size,
    )
    return [[list(p) for p in cfg] for cfg in batch]


def scheduler_cases() -> list[dict[str, Any]]:
    five = [[["a", 0]], [["a", 10]], [["b", 0]], [["b", 10]], [["a", 0], ["b", 0]]]
    three = [[["a", 0]], [["a", 10]], [["b", 0]]]
    rows: list[tuple[str, str, list[Any], list[Any], int]] = [
        ("batch of 4 keeps cartesian order", t("scheduler", "test_cartesian_scheduler_matches_existing_order"), five, [], 4),
        ("seen config dropped, not replaced", t("scheduler", "test_scheduler_skips_seen_without_replacement"), three, [[["a", 10]]], 3),
        ("seen index config dropped (executor)", t("run_execution", "test_seen_config_is_skipped_without_replacement"), [[["f1", 10]], [["f1", 20]], [["f1", 30]]], [[["f1", 20]]], 3),
        ("desired size 0", OURS, three, [], 0),
        ("everything seen", OURS, three, three, 3),
        ("seen given out of name order", OURS, five, [[["b", 0], ["a", 0]]], 5),
    ]
    return [
        case(i, lb, "propose_batch", {"candidates": c, "seen": s, "desired_size": n}, propose(c, s, n))
        for i, lb, c, s, n in rows
    ]


def skip_reason(pairs: list[list[Any]], index: list[list[list[Any]]], overloaded: list[list[list[Any]]]) -> str | None:
    ctx = _context(["f1"], [])
    ctx.existing_index.update(config_key(as_pairs(k)) for k in index)
    ctx.overloaded_configs = [as_pairs(o) for o in overloaded]
    return DfaasConfigExecutor._check_skip_reason(ctx, as_pairs(pairs), config_key(as_pairs(pairs)))


def skip_cases() -> list[dict[str, Any]]:
    rows: list[tuple[str, str, list[Any], list[Any], list[Any]]] = [
        ("indexed config", t("run_execution", "test_config_executor_skip_reason_detects_indexed"), [["f1", 10]], [[["f1", 10]]], []),
        ("dominated by an overloaded config", t("run_execution_extended", "test_check_skip_reason_detects_dominated_configs"), [["f1", 20]], [], [[["f1", 10]]]),
        ("indexed and dominated: dominance wins", OURS, [["f1", 20]], [[["f1", 20]]], [[["f1", 10]]]),
        ("equal to an overloaded config: not dominated", OURS, [["f1", 10]], [], [[["f1", 10]]]),
        ("nothing to skip", OURS, [["f1", 10]], [], []),
        ("dominated by the second overloaded config", OURS, [["f1", 30]], [], [[["f1", 40]], [["f1", 20]]]),
    ]
    return [
        case(i, lb, "skip_reason", {"pairs": p, "index": idx, "overloaded": ov}, skip_reason(p, idx, ov))
        for i, lb, p, idx, ov in rows
    ]


def _context(function_names: list[str], configs: list[Pairs]) -> DfaasRunContext:
    return DfaasRunContext(
        function_names=function_names,
        configs=configs,
        existing_index=set(),
        cooldown_manager=MagicMock(),
        base_idle=MetricsSnapshot(cpu=1.0, ram=2.0, ram_pct=3.0, power=4.0),
        target_name="node-1",
        run_id="run-1",
        output_dir=Path("/nonexistent/peva"),
    )


def stub_executor(cfg: DfaasConfig, memory_keys: set[str]) -> DfaasConfigExecutor:
    """lb's real DfaasConfigExecutor with k6, Prometheus and the memory engine stubbed; the memory has seen `memory_keys`."""
    memory = MagicMock()
    memory.is_seen.side_effect = lambda key: key in memory_keys
    k6 = MagicMock()
    k6.build_script.return_value = ("script", {})
    return DfaasConfigExecutor(
        config=cfg,
        k6_runner=k6,
        metrics_collector=MagicMock(),
        result_builder=DfaasResultBuilder(cfg.overload),
        annotations=MagicMock(),
        log_manager=MagicMock(),
        duration_seconds=30,
        outputs_provider=lambda: [],
        tags_provider=lambda _run_id: {},
        replicas_provider=lambda _names: {},
        memory_engine=memory,
    )


def trace(inp: dict[str, Any]) -> dict[str, Any]:
    """Drives lb's real DfaasConfigExecutor with k6/Prometheus stubbed out: which configs run, which are skipped."""
    cfg = DfaasConfig(**inp["config"])
    builder = DfaasPlanBuilder(cfg)
    names = builder.build_function_names()
    rates = builder.build_rates()
    configs = builder.build_configurations(names, rates, rates_by_function=builder.build_rates_by_function(rates))
    ctx = _context(names, configs)
    ctx.existing_index.update(config_key(as_pairs(k)) for k in inp["index"])
    memory_keys = {config_key(as_pairs(k)) for k in inp["memory"]}
    flags = {config_id(as_pairs(o["pairs"])): o["flags"] for o in inp["overload_flags"]}

    executor = stub_executor(cfg, memory_keys)
    outcomes: dict[str, str] = {}

    def fake_iteration(_ctx, _pairs, _script, _ids, cfg_id, _label, _idx, _total, iteration, _iters):  # noqa: ANN001
        outcomes[cfg_id] = "run"
        own = flags.get(cfg_id, [])
        return bool(own[iteration - 1]) if iteration - 1 < len(own) else False

    log_skipped = executor._log_skipped_config

    def record_skip(ctx_, pairs, cfg_id, label, reason, *rest):  # noqa: ANN001
        outcomes[cfg_id] = f"skipped:{reason}"
        log_skipped(ctx_, pairs, cfg_id, label, reason, *rest)

    executor._execute_iteration = fake_iteration  # type: ignore[method-assign]
    executor._log_skipped_config = record_skip  # type: ignore[method-assign]
    executor.execute(ctx)
    return {
        "outcomes": [
            {"pairs": [list(p) for p in c], "config_id": config_id(c), "outcome": outcomes.get(config_id(c), "not_selected:seen")}
            for c in configs
        ],
        "overloaded": [[list(p) for p in c] for c in ctx.overloaded_configs],
        "index_rows": ctx.index_rows,
        "skipped_rows": ctx.skipped_rows,
    }


def trace_cases() -> list[dict[str, Any]]:
    one = {"functions": [{"name": "f1"}], "rate_strategy": {"type": "linear", "min_rate": 10, "max_rate": 30, "step": 10}}
    two = {
        "functions": [{"name": "a"}, {"name": "b"}],
        "rate_strategy": {"type": "linear", "min_rate": 10, "max_rate": 30, "step": 10},
        "combinations": {"min_functions": 1, "max_functions": 3},
        "iterations": 3,
    }
    rows: list[tuple[str, str, dict[str, Any]]] = [
        (
            "indexed config dropped by the scheduler",
            t("run_execution", "test_seen_config_is_skipped_without_replacement"),
            {"config": {**one, "iterations": 1}, "index": [[["f1", 20]]], "memory": [], "overload_flags": []},
        ),
        (
            "2 of 3 iterations overloaded: config overloaded, later ones dominated",
            t("run_execution_extended", "test_execute_single_config_appends_overloaded_and_index_rows"),
            {"config": {**one, "iterations": 3}, "index": [], "memory": [], "overload_flags": [{"pairs": [["f1", 10]], "flags": [True, False, True]}]},
        ),
        (
            "1 of 2 iterations overloaded: not overloaded",
            OURS,
            {"config": {**one, "iterations": 2}, "index": [], "memory": [], "overload_flags": [{"pairs": [["f1", 10]], "flags": [True, False]}]},
        ),
        (
            "two functions: memory hit, index hit, overload and dominance",
            OURS,
            {
                "config": two,
                "index": [[["a", 10], ["b", 10]]],
                "memory": [[["b", 10]]],
                "overload_flags": [{"pairs": [["a", 20]], "flags": [True, True, False]}, {"pairs": [["a", 10], ["b", 20]], "flags": [True, True, True]}],
            },
        ),
    ]
    return [case(i, lb, "executor_trace", inp, trace(inp)) for i, lb, inp in rows]


def label_cases() -> list[dict[str, Any]]:
    rows = [
        ("two functions out of order", t("run_execution_extended", "test_format_pairs_label_sorts_by_function_name"), [["b", 20], ["a", 10]]),
        ("one function", OURS, [["figlet", 10]]),
        ("code-point order: upper case, then lower, then non-ASCII", OURS, [["é", 1], ["a", 3], ["Z", 2]]),
    ]
    return [
        case(i, lb, "pairs_label", {"pairs": p}, DfaasConfigExecutor._format_pairs_label(as_pairs(p)))
        for i, lb, p in rows
    ]


def load_index(text: str) -> list[Any]:
    planner = DfaasRunPlanner(
        config=DfaasConfig(functions=[DfaasFunctionConfig(name="f1")]),
        exec_ctx=ExecutionContext(host="node-1", repetition=1, total_repetitions=1),
        planner=MagicMock(),
        metrics_collector=MagicMock(),
        log_manager=MagicMock(),
        annotations=MagicMock(),
        replicas_provider=lambda _names: {},
    )
    with tempfile.TemporaryDirectory() as tmp:
        (Path(tmp) / "index.csv").write_text(text)
        keys = planner._load_index(Path(tmp))
    return sorted(([list(k[0]), list(k[1])] for k in keys), key=repr)


def index_cases() -> list[dict[str, Any]]:
    lb_test = t("run_planner", "test_load_index_reads_rows_and_handles_invalid_literal")
    rows = [
        ("lb's index.csv", lb_test, "functions;rates;results_file\n\"['f1']\";\"[10]\";results.csv\n"),
        ("invalid list literal: nothing resumes", lb_test, "functions;rates;results_file\n\"['f1'\";\"[10]\";results.csv\n"),
        ("index.csv as lb's csv.writer writes it", OURS, "functions;rates;results_file\r\n['a', 'b'];[10, 20];results.csv\r\n['a'];[0];results.csv\r\n"),
        (
            "lb-web's index.csv",
            OURS,
            "config_id,functions,rates,iteration,repetition,run_id,ts\n"
            + f"{config_id([('f1', 10)])},\"[\"\"f1\"\"]\",[10],1,1,run-1,1700000000\n",
        ),
    ]
    return [case(i, lb, "load_index", {"index_csv": text}, load_index(text)) for i, lb, text in rows]


def build() -> list[dict[str, Any]]:
    return dominance_cases() + scheduler_cases() + skip_cases() + trace_cases() + label_cases() + index_cases()
