"""Enumeration (_faas_shared/config_enumerator.py, plan_builder.py), config_id/config_key, durations, plugin name."""

from __future__ import annotations

from typing import Any

from common import OURS, case, outcome, t

from lb_plugins.plugins.peva_faas.config import DfaasConfig
from lb_plugins.plugins.peva_faas.plugin import DfaasPlugin
from lb_plugins.plugins.peva_faas.services.plan_builder import (
    DfaasPlanBuilder,
    config_id,
    config_key,
    parse_duration_seconds,
)


def plan_of(kwargs: dict[str, Any]) -> dict[str, Any]:
    builder = DfaasPlanBuilder(DfaasConfig(**kwargs))
    names = builder.build_function_names()
    rates = builder.build_rates()
    by_function = builder.build_rates_by_function(rates)
    configs = builder.build_configurations(names, rates, rates_by_function=by_function)
    return {
        "function_names": names,
        "rates": rates,
        "rates_by_function": by_function,
        "configurations": [{"pairs": [list(p) for p in cfg], "config_id": config_id(cfg)} for cfg in configs],
        "estimate_runtime_seconds": builder.estimate_runtime_seconds(),
    }


def plan_case(case_id: str, lb_test: str, kwargs: dict[str, Any], note: str | None = None) -> dict[str, Any]:
    return case(case_id, lb_test, "plan", {"config": kwargs}, plan_of(kwargs), note)


def fn(name: str, max_rate: int | None = None) -> dict[str, Any]:
    out: dict[str, Any] = {"name": name}
    if max_rate is not None:
        out["max_rate"] = max_rate
    return out


def linear(lo: int, hi: int, step: int) -> dict[str, Any]:
    return {"type": "linear", "min_rate": lo, "max_rate": hi, "step": step}


def plan_cases() -> list[dict[str, Any]]:
    g = "generator"
    return [
        plan_case(
            "two functions, rates 0/10, sizes 1..2",
            t(g, "test_generate_configurations_counts"),
            {"functions": [fn("a"), fn("b")], "rate_strategy": linear(0, 10, 10), "combinations": {"min_functions": 1, "max_functions": 3}},
            note="lb calls generate_configurations(['a','b'], [0,10], 1, 3) directly; same plan through the config",
        ),
        plan_case(
            "per-function rate cap (a.max_rate 10)",
            t(g, "test_generate_configurations_respects_per_function_rates"),
            {"functions": [fn("a", 10), fn("b")], "rate_strategy": linear(0, 20, 10), "combinations": {"min_functions": 1, "max_functions": 3}},
            note="lb passes rates_by_function={'a': [0, 10]}; a max_rate of 10 yields the same map",
        ),
        plan_case(
            "names sorted, single functions",
            t(g, "test_plan_builder_generates_deterministic_configs"),
            {"functions": [fn("b"), fn("a")], "rate_strategy": linear(0, 10, 10), "combinations": {"min_functions": 1, "max_functions": 2}},
        ),
        plan_case(
            "runtime estimate = duration x iterations x configurations",
            t(g, "test_peva_faas_plan_builder_uses_shared_count_for_runtime_estimate"),
            {
                "duration": "2s",
                "iterations": 3,
                "functions": [fn("b"), fn("a")],
                "rate_strategy": linear(0, 10, 10),
                "combinations": {"min_functions": 1, "max_functions": 2},
            },
            note="lb's test stubs the count to 7 (42 s); unstubbed the plan has 4 configurations",
        ),
        plan_case("default config (figlet, 0..200 step 10)", OURS, {}),
        plan_case(
            "three functions, pairs only",
            OURS,
            {"functions": [fn("c"), fn("a"), fn("b")], "rate_strategy": linear(5, 15, 5), "combinations": {"min_functions": 2, "max_functions": 3}},
        ),
        plan_case(
            "three functions, sizes 1..3, two capped",
            OURS,
            {
                "functions": [fn("figlet", 20), fn("env"), fn("nodeinfo", 10)],
                "rate_strategy": linear(0, 30, 10),
                "combinations": {"min_functions": 1, "max_functions": 4},
            },
        ),
        plan_case(
            "name order is code-point order",
            OURS,
            {"functions": [fn("a"), fn("B"), fn("_x"), fn("a-b")], "rate_strategy": {"type": "custom", "rates": [1]}, "combinations": {"min_functions": 1, "max_functions": 3}},
        ),
        plan_case(
            "exponential with a per-function cap",
            OURS,
            {"functions": [fn("x", 8), fn("y")], "rate_strategy": {"type": "exponential", "min_power": 1, "max_power": 4}, "combinations": {"min_functions": 1, "max_functions": 3}},
        ),
        plan_case(
            "random strategy with seed 42",
            OURS,
            {"functions": [fn("a"), fn("b")], "rate_strategy": {"type": "random", "min_rate": 1, "max_rate": 100, "count": 3, "seed": 42}, "combinations": {"min_functions": 1, "max_functions": 3}},
        ),
        plan_case(
            "custom rates with duplicates",
            OURS,
            {"functions": [fn("a")], "rate_strategy": {"type": "custom", "rates": [20, 10, 20]}},
        ),
        plan_case(
            "duration 1500ms, 1m: whole seconds in the runtime estimate",
            OURS,
            {"duration": "1500ms", "iterations": 3, "functions": [fn("a"), fn("b")], "rate_strategy": {"type": "custom", "rates": [5, 10]}, "combinations": {"min_functions": 1, "max_functions": 3}},
        ),
        plan_case(
            "duration 1m, one configuration",
            OURS,
            {"duration": "1m", "iterations": 1, "functions": [fn("a")], "rate_strategy": {"type": "custom", "rates": [5]}},
        ),
        plan_case(
            "duration 500ms in the runtime estimate",
            OURS,
            {"duration": "500ms", "iterations": 2, "functions": [fn("a")], "rate_strategy": linear(10, 20, 10)},
        ),
    ]


def id_case(case_id: str, lb_test: str, pairs: list[tuple[str, int]]) -> dict[str, Any]:
    key = config_key(pairs)
    return case(case_id, lb_test, "config_id", {"pairs": [list(p) for p in pairs]}, {"config_id": config_id(pairs), "config_key": [list(key[0]), list(key[1])]})


def id_cases() -> list[dict[str, Any]]:
    return [
        id_case("f1 at 10", t("run_execution_extended", "test_execute_single_config_appends_overloaded_and_index_rows"), [("f1", 10)]),
        id_case("figlet at 0", OURS, [("figlet", 0)]),
        id_case("pair in name order", OURS, [("a", 10), ("b", 20)]),
        id_case("pair out of name order", OURS, [("b", 20), ("a", 10)]),
        id_case("three functions", OURS, [("nodeinfo", 5), ("env", 100), ("figlet", 2000)]),
        id_case("non-ASCII name", OURS, [("fünf", 5)]),
    ]


def duration_cases() -> list[dict[str, Any]]:
    values = ["30s", "1m", "2h", "500ms", "1500ms", "999ms", "1000ms", " 45s ", "30", "1.5s", "0s"]
    return [case(f"parse_duration_seconds({v!r})", OURS, "duration_seconds", {"duration": v}, outcome(lambda v=v: parse_duration_seconds(v))) for v in values]


def identity_cases() -> list[dict[str, Any]]:
    return [case("plugin name", t("identity", "test_peva_faas_plugin_name"), "plugin_name", {}, DfaasPlugin.NAME)]


def build() -> list[dict[str, Any]]:
    return plan_cases() + id_cases() + duration_cases() + identity_cases()
