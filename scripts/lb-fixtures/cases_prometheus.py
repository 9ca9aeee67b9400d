"""queries.yml / queries.py / metrics_collector.py: PromQL text, rendering, answers, and the HTTP requests lb makes."""

from __future__ import annotations

from pathlib import Path
from typing import Any
from unittest.mock import patch

import common
from common import OURS, case, outcome, t

import lb_plugins.plugins.peva_faas.queries as queries_mod
from lb_plugins.plugins.peva_faas.queries import load_queries, parse_instant_value, parse_range_average, render_query
from lb_plugins.plugins.peva_faas.services.metrics_collector import MetricsCollector


def queries_path() -> Path:
    return common.LB_ROOT / "lb_plugins" / "plugins" / "peva_faas" / "queries.yml"


def definition_cases() -> list[dict[str, Any]]:
    defs = [vars(q) for q in load_queries(queries_path())]
    return [case("queries.yml as loaded", t("queries", "test_queries_load_from_file"), "queries_yml", {}, defs)]


def render_cases() -> list[dict[str, Any]]:
    cpu_fn = next(q.query for q in load_queries(queries_path()) if q.name == "cpu_usage_function")
    rows: list[tuple[str, str, dict[str, Any]]] = [
        (
            "every placeholder",
            t("queries", "test_render_query_replaces_placeholders"),
            {"template": "rate(http_requests_total[{time_span}]){function_name}:{pid_regex}", "time_span": "30s", "function_name": "figlet", "pid_regex": "1|2|3"},
        ),
        ("function name with a double quote", OURS, {"template": cpu_fn, "time_span": "30s", "function_name": 'a"b'}),
        ("function name with a backslash", OURS, {"template": cpu_fn, "time_span": "30s", "function_name": "a\\b"}),
        ("placeholder without a value", OURS, {"template": cpu_fn, "time_span": "30s"}),
        ("time span 500ms", OURS, {"template": "rate(x[{time_span}])", "time_span": "500ms"}),
    ]
    out = []
    for i, lb, inp in rows:
        rendered = render_query(inp["template"], time_span=inp["time_span"], function_name=inp.get("function_name"), pid_regex=inp.get("pid_regex"))
        out.append(case(i, lb, "render_query", inp, rendered))
    return out


def answer_cases() -> list[dict[str, Any]]:
    q = "queries"
    instant: list[tuple[str, str, Any]] = [
        ("one sample", t(q, "test_parse_instant_value"), {"data": {"result": [{"value": [123, "4.5"]}]}}),
        ("empty answer", t(q, "test_parse_instant_value_error_paths"), {}),
        ("sample without a value", t(q, "test_parse_instant_value_error_paths"), {"data": {"result": [{"value": [1]}]}}),
        ("NaN sample", OURS, {"status": "success", "data": {"resultType": "vector", "result": [{"metric": {}, "value": [1, "NaN"]}]}}),
        ("+Inf sample", OURS, {"status": "success", "data": {"resultType": "vector", "result": [{"metric": {}, "value": [1, "+Inf"]}]}}),
        ("two series: first wins", OURS, {"status": "success", "data": {"resultType": "vector", "result": [{"metric": {"a": "1"}, "value": [1, "2"]}, {"metric": {"a": "2"}, "value": [1, "3"]}]}}),
        ("scalar result", OURS, {"status": "success", "data": {"resultType": "scalar", "result": [1, "7"]}}),
    ]
    rng: list[tuple[str, str, Any]] = [
        ("mean of two points", t(q, "test_parse_range_average"), {"data": {"result": [{"values": [[1, "2"], [2, "4"]]}]}}),
        ("empty answer", t(q, "test_parse_range_average_error_paths"), {}),
        ("series without points", t(q, "test_parse_range_average_error_paths"), {"data": {"result": [{"values": []}]}}),
        ("a NaN point", OURS, {"status": "success", "data": {"resultType": "matrix", "result": [{"metric": {}, "values": [[1, "2"], [2, "NaN"]]}]}}),
        ("one point", OURS, {"status": "success", "data": {"resultType": "matrix", "result": [{"metric": {}, "values": [[1, "5.5"]]}]}}),
    ]
    return [case(f"instant: {i}", lb, "parse_instant", {"payload": p}, outcome(lambda p=p: parse_instant_value(p))) for i, lb, p in instant] + [
        case(f"range: {i}", lb, "parse_range", {"payload": p}, outcome(lambda p=p: parse_range_average(p))) for i, lb, p in rng
    ]


def _fake_payload(url: str, params: dict[str, str]) -> dict[str, Any]:
    if url.endswith("/query_range"):
        return {"data": {"result": [{"values": [[float(params["start"]), "1"], [float(params["end"]), "3"]]}]}}
    return {"data": {"result": [{"value": [0, "2"]}]}}


def requests_of(inp: dict[str, Any]) -> dict[str, Any]:
    """Every HTTP request of one MetricsCollector call, with lb's real queries.yml and query runner."""
    seen: list[dict[str, Any]] = []

    def fake_request(self: Any, url: str, params: dict[str, str]) -> dict[str, Any]:
        seen.append({"path": url.split(inp["prometheus_url"], 1)[1], "params": dict(params)})
        return _fake_payload(url, params)

    with patch.object(queries_mod.PrometheusQueryRunner, "_request_json", fake_request):
        collector = MetricsCollector(
            prometheus_url=inp["prometheus_url"],
            queries_path=queries_path(),
            duration=inp["duration"],
            scaphandre_enabled=inp["scaphandre_enabled"],
            function_pid_regexes=inp.get("function_pid_regexes"),
        )
        if inp["call"] == "baseline":
            snap = collector.get_node_snapshot()
            values: Any = vars(snap)
        else:
            values = collector.collect_all_metrics(inp["functions"], inp["start"], inp["end"], inp["duration_seconds"])
    return {"requests": seen, "values": values}


def request_cases() -> list[dict[str, Any]]:
    mc = "metrics_collector"
    base = {"prometheus_url": "http://prom:30411", "duration": "30s", "scaphandre_enabled": False}
    rows: list[tuple[str, str, dict[str, Any]]] = [
        ("k6 ran longer than duration: range queries", t(mc, "TestCollectAllMetrics::test_uses_range_query_when_duration_exceeds_expected"), {**base, "call": "collect", "functions": ["func1"], "start": 1000.0, "end": 1060.0, "duration_seconds": 30}),
        ("k6 ran within duration: instant queries", t(mc, "TestCollectAllMetrics::test_uses_instant_query_when_duration_within_expected"), {**base, "call": "collect", "functions": ["func1"], "start": 1000.0, "end": 1025.0, "duration_seconds": 30}),
        ("two functions", t(mc, "TestCollectAllMetrics::test_collects_node_and_function_metrics"), {**base, "call": "collect", "functions": ["func1", "func2"], "start": 1000.0, "end": 1030.0, "duration_seconds": 30}),
        ("baseline snapshot", t(mc, "TestGetNodeSnapshot::test_returns_metrics_snapshot"), {**base, "call": "baseline"}),
        ("baseline snapshot with scaphandre", t(mc, "TestGetNodeSnapshot::test_includes_power_when_scaphandre_enabled"), {**base, "scaphandre_enabled": True, "call": "baseline"}),
        (
            "scaphandre with a PID regex for one function",
            t(mc, "TestGetFunctionMetrics::test_includes_power_with_pid_regex"),
            {**base, "scaphandre_enabled": True, "function_pid_regexes": {"my-function": ".*my-function.*"}, "call": "collect", "functions": ["my-function", "other"], "start": 1000.0, "end": 1031.5, "duration_seconds": 30},
        ),
        ("duration 500ms", OURS, {**base, "duration": "500ms", "call": "collect", "functions": ["f"], "start": 1000.0, "end": 1002.25, "duration_seconds": 1}),
        ("duration 1m", OURS, {**base, "duration": "1m", "call": "collect", "functions": ["f"], "start": 1000.0, "end": 1061.0, "duration_seconds": 60}),
    ]
    return [case(i, lb, "requests", inp, requests_of(inp)) for i, lb, inp in rows]


def build() -> list[dict[str, Any]]:
    return definition_cases() + render_cases() + answer_cases() + request_cases()

