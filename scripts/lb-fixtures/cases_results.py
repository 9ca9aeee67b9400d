"""services/result_builder.py: result rows, skipped rows and the overload decisions in them."""

from __future__ import annotations

from pathlib import Path
from typing import Any
from unittest.mock import MagicMock

from common import OURS, case, t

from lb_plugins.plugins.peva_faas.config import DfaasConfig, DfaasFunctionConfig, DfaasOverloadConfig
from lb_plugins.plugins.peva_faas.services.cooldown import MetricsSnapshot
from lb_plugins.plugins.peva_faas.services.result_builder import DfaasResultBuilder
from lb_plugins.plugins.peva_faas.services.run_execution import DfaasConfigExecutor, DfaasRunContext

NAN = float("nan")


def measurement(
    pairs: list[list[Any]],
    *,
    all_functions: list[str] | None = None,
    success: dict[str, float] | None = None,
    latency: float = 12.0,
    requests: float = 300.0,
    replicas: dict[str, int] | None = None,
    node: tuple[float, float, float, float] = (40.0, 2.0e9, 50.0, NAN),
    fn_metrics: dict[str, dict[str, float]] | None = None,
    idle: tuple[float, float, float, float] = (5.0, 1.5e9, 40.0, NAN),
    rest_seconds: int = 0,
    overload: dict[str, Any] | None = None,
    node_cores: int | None = None,
    summary_missing: list[str] | None = None,
) -> dict[str, Any]:
    """One iteration's raw measurements: what build_result_row receives in lb."""
    names = [n for n, _ in pairs]
    success = success or {}
    summary = {
        n: {"success_rate": success.get(n, 1.0), "avg_latency": latency, "request_count": requests}
        for n in names
        if n not in (summary_missing or [])
    }
    out: dict[str, Any] = {
        "all_functions": all_functions or sorted(names),
        "config_pairs": pairs,
        "summary_metrics": summary,
        "replicas": replicas if replicas is not None else {n: 1 for n in names},
        "metrics": {
            "cpu_usage_node": node[0],
            "ram_usage_node": node[1],
            "ram_usage_node_pct": node[2],
            "power_usage_node": node[3],
            "functions": fn_metrics if fn_metrics is not None else {n: {"cpu": 12.5, "ram": 3.0e7, "power": NAN} for n in names},
        },
        "idle_snapshot": {"cpu": idle[0], "ram": idle[1], "ram_pct": idle[2], "power": idle[3]},
        "rest_seconds": rest_seconds,
        "overload": overload or {},
    }
    if node_cores is not None:
        out["node_cores"] = node_cores
    return out


def build_row(m: dict[str, Any]) -> dict[str, Any]:
    builder = DfaasResultBuilder(DfaasOverloadConfig(**m["overload"]))
    row, overloaded = builder.build_result_row(
        m["all_functions"],
        [(n, r) for n, r in m["config_pairs"]],
        m["summary_metrics"],
        m["replicas"],
        m["metrics"],
        MetricsSnapshot(**m["idle_snapshot"]),
        m["rest_seconds"],
    )
    return {"row": row, "overloaded": overloaded}


LB_FLAGS = measurement(
    [["figlet", 10]],
    success={"figlet": 0.5},
    latency=12.0,
    requests=5,
    node=(10.0, 256.0, 50.0, 5.0),
    fn_metrics={"figlet": {"cpu": 1.0, "ram": 2.0, "power": 3.0}},
    idle=(1.0, 2.0, 3.0, 4.0),
    rest_seconds=5,
)
LB_NAN = measurement(
    [["figlet", 1]],
    latency=0.0,
    requests=0,
    node=(NAN, NAN, NAN, NAN),
    fn_metrics={"figlet": {"cpu": NAN, "ram": NAN, "power": NAN}},
    idle=(NAN, NAN, NAN, NAN),
)


def overload_measurements() -> list[tuple[str, str, dict[str, Any]]]:
    rb = "result_builder"
    return [
        ("success 0.5: function and node overloaded", t(rb, "test_build_result_row_flags_overload"), LB_FLAGS),
        ("all metrics NaN: nothing overloaded", t(rb, "test_format_float_handles_nan"), LB_NAN),
        ("healthy single function", OURS, measurement([["figlet", 10]])),
        ("success 0.89 < 0.90", OURS, measurement([["figlet", 10]], success={"figlet": 0.89})),
        ("success exactly 0.90", OURS, measurement([["figlet", 10]], success={"figlet": 0.9})),
        ("replicas 15 >= threshold", OURS, measurement([["figlet", 10]], replicas={"figlet": 15})),
        ("replicas 14", OURS, measurement([["figlet", 10]], replicas={"figlet": 14})),
        ("node CPU exactly 80", OURS, measurement([["figlet", 10]], node=(80.0, 2.0e9, 50.0, NAN))),
        ("node CPU 80.1", OURS, measurement([["figlet", 10]], node=(80.1, 2.0e9, 50.0, NAN))),
        ("node CPU 150 (1.5 cores) on 4 cores", OURS, measurement([["figlet", 10]], node=(150.0, 2.0e9, 50.0, NAN), node_cores=4)),
        ("node CPU 350 (3.5 cores) on 4 cores", OURS, measurement([["figlet", 10]], node=(350.0, 2.0e9, 50.0, NAN), node_cores=4)),
        ("node RAM 90.1 %", OURS, measurement([["figlet", 10]], node=(40.0, 2.0e9, 90.1, NAN))),
        (
            "mean success 0.94 < 0.95, each function >= 0.90",
            OURS,
            measurement([["a", 10], ["b", 10]], success={"a": 0.92, "b": 0.96}),
        ),
        ("function missing from the k6 summary", OURS, measurement([["a", 10], ["b", 10]], success={"a": 0.92}, summary_missing=["b"])),
        ("function missing from the replica list", OURS, measurement([["figlet", 10]], replicas={})),
        ("rate 0 function in the configuration", OURS, measurement([["a", 0], ["b", 10]], success={"a": 0.0})),
        ("custom thresholds", OURS, measurement([["figlet", 10]], success={"figlet": 0.97}, overload={"success_rate_function_min": 0.98, "success_rate_node_min": 0.5})),
        ("NaN node CPU with low success", OURS, measurement([["figlet", 10]], success={"figlet": 0.1}, node=(NAN, NAN, NAN, NAN))),
        ("zero requests: k6's success rate 0", OURS, measurement([["figlet", 10]], success={"figlet": 0.0}, latency=0.0, requests=0)),
        ("NaN success rate in the summary", OURS, measurement([["figlet", 10]], success={"figlet": NAN})),
        ("NaN success next to 0.92: the node mean is NaN", OURS, measurement([["a", 10], ["b", 10]], success={"a": NAN, "b": 0.92})),
        (
            "function outside the configured list is not counted",
            OURS,
            measurement([["figlet", 10], ["ghost", 5]], all_functions=["figlet"], success={"ghost": 0.1}, replicas={"figlet": 1, "ghost": 20}),
        ),
    ]


def overload_cases() -> list[dict[str, Any]]:
    out = []
    for i, lb, m in overload_measurements():
        built = build_row(m)
        names = [n for n, _ in m["config_pairs"]]
        expected = {
            "overloaded": built["overloaded"],
            "overloaded_node": built["row"]["overloaded_node"],
            # A function outside all_functions has no column in lb's row (and no say in its flags).
            "overloaded_function": {n: built["row"][f"overloaded_function_{n}"] for n in names if f"overloaded_function_{n}" in built["row"]},
        }
        out.append(case(i, lb, "row_overload", m, expected))
    return out + config_overload_cases()


def config_overloaded(flags: list[bool]) -> bool:
    """lb's rule in DfaasConfigExecutor._execute_single_config: overloads > iterations / 2."""
    cfg = DfaasConfig(functions=[DfaasFunctionConfig(name="f1")], iterations=len(flags))
    executor = DfaasConfigExecutor(
        config=cfg,
        k6_runner=MagicMock(**{"build_script.return_value": ("script", {})}),
        metrics_collector=MagicMock(),
        result_builder=MagicMock(),
        annotations=MagicMock(),
        log_manager=MagicMock(),
        duration_seconds=30,
        outputs_provider=lambda: [],
        tags_provider=lambda _r: {},
        replicas_provider=lambda _n: {},
    )
    executor._run_config_iterations = lambda *a, **k: sum(flags)  # type: ignore[method-assign]
    ctx = DfaasRunContext(
        function_names=["f1"],
        configs=[],
        existing_index=set(),
        cooldown_manager=MagicMock(),
        base_idle=MagicMock(),
        target_name="n",
        run_id="r",
        output_dir=Path("/nonexistent"),
    )
    executor._execute_single_config(ctx, [("f1", 10)], 1, 1, len(flags))
    return bool(ctx.overloaded_configs)


def config_overload_cases() -> list[dict[str, Any]]:
    ext = "run_execution_extended"
    rows: list[tuple[str, str, list[bool]]] = [
        ("2 of 3 overloaded", t(ext, "test_execute_single_config_appends_overloaded_and_index_rows"), [True, False, True]),
        ("counted overloads [T, F, T]", t(ext, "test_run_config_iterations_counts_overloads"), [True, False, True]),
        ("1 of 2", OURS, [True, False]),
        ("1 of 1", OURS, [True]),
        ("0 of 3", OURS, [False, False, False]),
        ("2 of 4", OURS, [True, True, False, False]),
        ("3 of 4", OURS, [True, True, True, False]),
    ]
    return [case(i, lb, "config_overloaded", {"flags": f}, config_overloaded(f)) for i, lb, f in rows]


def row_cases() -> list[dict[str, Any]]:
    rb = "result_builder"
    rows = [
        ("overloaded figlet row", t(rb, "test_build_result_row_flags_overload"), LB_FLAGS),
        ("NaN formatted as nan", t(rb, "test_format_float_handles_nan"), LB_NAN),
        ("healthy single function", OURS, measurement([["figlet", 10]], rest_seconds=15)),
        (
            "two of three configured functions",
            OURS,
            measurement(
                [["figlet", 10], ["env", 20]],
                all_functions=["env", "figlet", "nodeinfo"],
                success={"figlet": 0.987654, "env": 1.0},
                latency=12.9876,
                replicas={"figlet": 2, "env": 1, "nodeinfo": 1},
                rest_seconds=10,
            ),
        ),
        ("latency 0.9 ms truncates to 0", OURS, measurement([["figlet", 10]], latency=0.9)),
        ("large RAM bytes", OURS, measurement([["figlet", 10]], node=(123.456789, 8.123456789e9, 77.7777, 1.5e6))),
        ("halfway values round to even: 0.0625, 2.675, 0.0005", OURS, measurement([["figlet", 10]], success={"figlet": 0.0625}, node=(2.675, 0.0005, 1.0005, 1e21))),
        ("negative zero and tiny values", OURS, measurement([["figlet", 10]], idle=(-0.0, 5e-324, -0.0004, 1e-7))),
        ("function missing from the metrics", OURS, measurement([["a", 10], ["b", 20]], fn_metrics={"a": {"cpu": 1.25}})),
        ("rest 45 s, latency 999.999 ms", OURS, measurement([["figlet", 10]], rest_seconds=45, latency=999.999)),
        ("function outside the configured list is left out", OURS, measurement([["figlet", 10], ["ghost", 5]], all_functions=["figlet"])),
        ("zero requests: success 0.000, latency 0", OURS, measurement([["figlet", 10]], success={"figlet": 0.0}, latency=0.0, requests=0)),
        ("function missing from the k6 summary: lb's defaults", OURS, measurement([["a", 10], ["b", 10]], success={"a": 0.92}, summary_missing=["b"])),
    ]
    def with_columns(m: dict[str, Any]) -> dict[str, Any]:
        built = build_row(m)
        # Fixture objects have their keys sorted: the row's key order (payload_json's) apart.
        return {**built, "columns": list(built["row"])}

    return [case(i, lb, "result_row", m, with_columns(m)) for i, lb, m in rows]


def skipped_cases() -> list[dict[str, Any]]:
    rows = [
        ("only the configuration's functions filled", t("result_builder", "test_build_skipped_row_includes_only_config_functions"), ["figlet", "other"], [["figlet", 0]]),
        ("pair of three functions", OURS, ["a", "b", "c"], [["c", 30], ["a", 10]]),
        ("a function outside the configured list is left out", OURS, ["a"], [["a", 1], ["z", 2]]),
        ("names the CSV quotes", OURS, ["fig,let", 'say"hi'], [["fig,let", 0]]),
    ]
    builder = DfaasResultBuilder(DfaasOverloadConfig())
    return [
        case(i, lb, "skipped_row", {"all_functions": fns, "config_pairs": pairs}, {"row": row, "columns": list(row)})
        for i, lb, fns, pairs in rows
        for row in [builder.build_skipped_row(fns, [(n, r) for n, r in pairs])]
    ]


def build() -> list[dict[str, Any]]:
    return row_cases() + skipped_cases()
