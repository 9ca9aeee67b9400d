"""services/cooldown.py: the idle threshold, the idle decision and the wait loop."""

from __future__ import annotations

from typing import Any
from unittest.mock import patch

from common import OURS, case, t

from lb_plugins.plugins.peva_faas.services.cooldown import (
    CooldownManager,
    CooldownTimeoutError,
    MetricsSnapshot,
    within_threshold,
)

NAN = float("nan")


def snap(cpu: float, ram: float, ram_pct: float, power: float) -> dict[str, float]:
    return {"cpu": cpu, "ram": ram, "ram_pct": ram_pct, "power": power}


BASE = snap(10.0, 1000.0, 50.0, 100.0)


def threshold_cases() -> list[dict[str, Any]]:
    f = "cooldown"
    w, m = "TestWithinThreshold::", "TestCooldownManager::test_is_within_threshold_method"
    rows: list[tuple[str, str, float, float, float]] = [
        ("equal to baseline", t(f, w + "test_value_equal_to_baseline"), 100.0, 100.0, 0.1),
        ("within threshold", t(f, w + "test_value_within_threshold"), 105.0, 100.0, 0.1),
        ("at the boundary", t(f, w + "test_value_at_threshold_boundary"), 110.0, 100.0, 0.1),
        ("above threshold", t(f, w + "test_value_exceeds_threshold"), 111.0, 100.0, 0.1),
        ("NaN baseline", t(f, w + "test_nan_baseline_returns_true"), 100.0, NAN, 0.1),
        ("NaN value", t(f, w + "test_nan_value_returns_true"), NAN, 100.0, 0.1),
        ("both NaN", t(f, w + "test_both_nan_returns_true"), NAN, NAN, 0.1),
        ("manager: equal", t(f, m), 100.0, 100.0, 0.1),
        ("manager: boundary", t(f, m), 110.0, 100.0, 0.1),
        ("manager: above", t(f, m), 111.0, 100.0, 0.1),
        ("manager: NaN value", t(f, m), NAN, 100.0, 0.1),
        ("relative, small baseline: 11.5 vs 10 at 10%", OURS, 11.5, 10.0, 0.1),
        ("relative, large baseline: 250 vs 200 at 15%", OURS, 250.0, 200.0, 0.15),
        ("zero baseline", OURS, 0.5, 0.0, 0.15),
        ("below baseline", OURS, 5.0, 100.0, 0.15),
        ("RAM bytes: +200 MB over 2 GB at 15%", OURS, 2.2e9, 2.0e9, 0.15),
    ]
    return [
        case(
            i,
            lb,
            "within_threshold",
            {"value": v, "baseline": b, "threshold_fraction": frac, "idle_threshold_pct": round(frac * 100, 6)},
            within_threshold(v, b, frac),
        )
        for i, lb, v, b, frac in rows
    ]


def manager(pct: float, polls: list[dict[str, Any]], max_wait: int = 60, step: int = 5) -> CooldownManager:
    state = {"i": -1}

    def current() -> dict[str, Any]:
        return polls[min(state["i"], len(polls) - 1)]

    def metrics() -> MetricsSnapshot:
        state["i"] += 1
        return MetricsSnapshot(**current()["snapshot"])

    return CooldownManager(
        max_wait_seconds=max_wait,
        sleep_step_seconds=step,
        idle_threshold_pct=pct,
        metrics_provider=metrics,
        replicas_provider=lambda names: {n: current()["replicas"].get(n, 0) for n in names},
    )


def is_idle(inp: dict[str, Any]) -> bool:
    mgr = manager(inp["idle_threshold_pct"], [{"snapshot": inp["current"], "replicas": inp["replicas"]}])
    return mgr._is_idle(MetricsSnapshot(**inp["current"]), MetricsSnapshot(**inp["baseline"]), inp["replicas"])


def idle_cases() -> list[dict[str, Any]]:
    rows: list[tuple[str, dict[str, Any], dict[str, int]]] = [
        ("back at baseline, replicas 1 and 0", BASE, {"f1": 1, "f2": 0}),
        ("CPU 5x baseline", snap(50.0, 1000.0, 50.0, 100.0), {"f1": 0}),
        ("RAM bytes above threshold, RAM % unchanged", snap(10.0, 1200.0, 50.0, 100.0), {"f1": 0}),
        ("RAM % up 10 points, RAM bytes unchanged", snap(10.0, 1000.0, 60.0, 100.0), {"f1": 0}),
        ("power above threshold", snap(10.0, 1000.0, 50.0, 130.0), {"f1": 0}),
        ("a function still at 2 replicas", BASE, {"f1": 2}),
        ("NaN CPU now", snap(NAN, 1000.0, 50.0, 100.0), {"f1": 0}),
        ("CPU +12 points on a 10 % baseline", snap(22.0, 1000.0, 50.0, 100.0), {"f1": 0}),
        ("no functions", BASE, {}),
    ]
    out = []
    for i, cur, rep in rows:
        inp = {"baseline": BASE, "current": cur, "replicas": rep, "idle_threshold_pct": 15.0}
        out.append(case(i, OURS, "is_idle", inp, is_idle(inp)))
    return out


def wait(inp: dict[str, Any]) -> dict[str, Any]:
    mgr = manager(inp["idle_threshold_pct"], inp["polls"], inp["max_wait_seconds"], inp["sleep_step_seconds"])
    with patch("lb_plugins.plugins.peva_faas.services.cooldown.time.sleep", lambda _s: None):
        try:
            res = mgr.wait_for_idle(MetricsSnapshot(**inp["baseline"]), inp["functions"])
        except CooldownTimeoutError as exc:
            return {"outcome": "timeout", "waited_seconds": exc.waited_seconds, "message": str(exc), "on_timeout": "configuration skipped (skipped.csv row)"}
    return {"outcome": "idle", "waited_seconds": res.waited_seconds, "iterations": res.iterations, "snapshot": vars(res.snapshot)}


def wait_cases() -> list[dict[str, Any]]:
    f, m = "cooldown", "TestCooldownManager::"
    high = snap(50.0, 1000.0, 50.0, 100.0)
    rows: list[tuple[str, str, dict[str, Any]]] = [
        ("idle at once", t(f, m + "test_immediate_idle_returns_quickly"), {"polls": [{"snapshot": BASE, "replicas": {"func1": 1, "func2": 0}}], "functions": ["func1", "func2"], "max_wait_seconds": 60}),
        ("idle at the third poll", t(f, m + "test_waits_until_metrics_settle"), {"polls": [{"snapshot": high, "replicas": {}}, {"snapshot": high, "replicas": {}}, {"snapshot": BASE, "replicas": {}}], "functions": ["func1"], "max_wait_seconds": 60}),
        ("replicas scale down 5..1", t(f, m + "test_waits_for_replicas_to_scale_down"), {"polls": [{"snapshot": BASE, "replicas": {"func1": n}} for n in (5, 4, 3, 2, 1)], "functions": ["func1"], "max_wait_seconds": 60}),
        ("never idle: timeout", t(f, m + "test_timeout_raises_error"), {"polls": [{"snapshot": high, "replicas": {}}], "functions": ["func1"], "max_wait_seconds": 10}),
        ("NaN power is idle", t(f, m + "test_nan_power_treated_as_idle"), {"polls": [{"snapshot": snap(10.0, 1000.0, 50.0, NAN), "replicas": {}}], "functions": ["func1"], "max_wait_seconds": 60, "baseline": snap(10.0, 1000.0, 50.0, NAN)}),
        ("max wait 0, busy", OURS, {"polls": [{"snapshot": high, "replicas": {}}], "functions": ["f"], "max_wait_seconds": 0}),
        ("max wait not a multiple of the step", OURS, {"polls": [{"snapshot": high, "replicas": {}}], "functions": ["f"], "max_wait_seconds": 12}),
        ("idle exactly at max wait", OURS, {"polls": [{"snapshot": high, "replicas": {}}, {"snapshot": high, "replicas": {}}, {"snapshot": BASE, "replicas": {}}], "functions": ["f"], "max_wait_seconds": 10}),
    ]
    out = []
    for i, lb, extra in rows:
        inp = {"baseline": BASE, "idle_threshold_pct": 10.0, "sleep_step_seconds": 5, **extra}
        out.append(case(i, lb, "wait_for_idle", inp, wait(inp)))
    return out


def build() -> list[dict[str, Any]]:
    return threshold_cases() + idle_cases() + wait_cases()
