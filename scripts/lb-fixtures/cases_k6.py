"""services/k6_runner.py and generator.py: k6 script text, its scenarios, the command line, tags, summary parsing."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

from common import OURS, case, error_of, t

from lb_plugins.plugins.peva_faas.config import DfaasConfig, DfaasFunctionConfig
from lb_plugins.plugins.peva_faas.context import ExecutionContext
from lb_plugins.plugins.peva_faas.generator import DfaasGenerator
from lb_plugins.plugins.peva_faas.services.k6_runner import K6Runner


def _value(raw: str) -> Any:
    raw = raw.strip()
    tags = re.fullmatch(r"\{ function: (\".*\") \}", raw)
    if tags:
        return {"function": json.loads(tags.group(1))}
    return json.loads(raw)


def structure_of(script: str) -> dict[str, Any]:
    """lb's script read back into data (scenarios and request objects), so fields can be compared one by one."""
    lines = script.split("\n")
    scenarios: dict[str, dict[str, Any]] = {}
    requests: dict[str, dict[str, Any]] = {}
    start = lines.index("export const options = {")
    current: dict[str, Any] | None = None
    for line in lines[start:]:
        head = re.fullmatch(r"    (\w+): \{", line)
        field = re.fullmatch(r"      (\w+): (.*),", line)
        if head:
            current = scenarios.setdefault(head.group(1), {})
        elif field and current is not None:
            current[field.group(1)] = _value(field.group(2))
    for i, line in enumerate(lines):
        m = re.fullmatch(r"const fn_(\w+) = \{", line)
        if not m:
            continue
        body = {}
        for inner in lines[i + 1 : i + 5]:
            f = re.fullmatch(r"  (method|url|body|headers): (.*),", inner)
            if f:
                body[f.group(1)] = json.loads(f.group(2))
        requests[m.group(1)] = body
    return {"scenarios": scenarios, "requests": requests, "checks": script.count("check(res,")}


def script_case(case_id: str, lb_test: str, pairs: list[list[Any]], functions: list[dict[str, Any]], gateway: str, duration: str) -> dict[str, Any]:
    runner = K6Runner(gateway_url=gateway, duration=duration)
    fns = [DfaasFunctionConfig(**f) for f in functions]
    script, ids = runner.build_script([(n, r) for n, r in pairs], fns)
    expected = {"script": script, "metric_ids": ids, "structure": structure_of(script)}
    return case(case_id, lb_test, "build_script", {"config_pairs": pairs, "functions": functions, "gateway_url": gateway, "duration": duration}, expected)


def script_cases() -> list[dict[str, Any]]:
    figlet = {"name": "figlet", "method": "POST", "body": "hi"}
    return [
        script_case(
            "figlet at 10, eat-memory at 0",
            t("generator", "test_build_k6_script_includes_scenarios"),
            [["figlet", 10], ["eat-memory", 0]],
            [figlet, {"name": "eat-memory", "method": "GET", "body": ""}],
            "http://example.com:31112",
            "30s",
        ),
        script_case("figlet at 10", t("k6_runner_fabric", "test_build_script_handles_functions"), [["figlet", 10]], [figlet], "http://gateway:8080", "10s"),
        script_case(
            "every rate 0: idle scenario",
            OURS,
            [["figlet", 0]],
            [figlet],
            "http://gw:31112",
            "30s",
        ),
        script_case(
            "names cleaning to the same id",
            OURS,
            [["a.b", 5], ["a-b", 7]],
            [{"name": "a-b"}, {"name": "a.b"}],
            "http://gw:31112",
            "1m",
        ),
        script_case("name starting with a digit", OURS, [["1fn", 3]], [{"name": "1fn"}], "http://gw:31112", "30s"),
        script_case(
            "body with quotes and newline, headers, gateway with trailing slash",
            OURS,
            [["echo", 20]],
            [{"name": "echo", "method": "PUT", "body": 'say "hi"\nbye', "headers": {"Content-Type": "text/plain", "X-Id": "7"}}],
            "http://gw:31112/",
            "500ms",
        ),
        script_case(
            "a function with its own Authorization header next to one without",
            OURS,
            [["open", 2], ["secure", 4]],
            [{"name": "open"}, {"name": "secure", "headers": {"authorization": "Bearer t0k"}}],
            "http://gw:31112",
            "30s",
        ),
        script_case(
            "default figlet function",
            OURS,
            [["figlet", 50]],
            [DfaasConfig().functions[0].model_dump()],
            "http://10.0.0.5:31112",
            "30s",
        ),
    ]


def command_cases() -> list[dict[str, Any]]:
    runner = K6Runner(gateway_url="http://gw", duration="30s")
    rows: list[tuple[str, str, list[str], dict[str, str]]] = [
        (
            "outputs and tags",
            t("generator", "test_build_k6_command_includes_outputs_and_tags"),
            ["loki=http://localhost:3100/loki/api/v1/push"],
            {"run_id": "run-1", "component": "k6"},
        ),
        ("one output, one tag", t("generator", "test_k6_runner_execute_passes_outputs_and_tags"), ["loki=http://loki"], {"custom": "tag"}),
        ("blank and padded outputs", OURS, ["  json=out.json ", "", "   "], {}),
        ("no outputs, no tags", OURS, [], {}),
    ]
    out = []
    for i, lb, outputs, tags in rows:
        argv = runner._build_k6_command(Path("/ws/script.js"), Path("/ws/summary.json"), outputs, tags)
        # Tags as [key, value] pairs: their order is the order of the --tag arguments.
        out.append(case(i, lb, "k6_command", {"workspace": "/ws", "outputs": outputs, "tags": [list(kv) for kv in tags.items()]}, argv))
    return out


def generator_for(config: dict[str, Any], repetition: int = 1) -> DfaasGenerator:
    ctx = ExecutionContext(host="node-1", repetition=repetition, total_repetitions=repetition)
    return DfaasGenerator(DfaasConfig(**config), execution_context=ctx)


def tag_cases() -> list[dict[str, Any]]:
    rows: list[tuple[str, dict[str, Any], int]] = [
        ("default tags", {}, 1),
        ("k6_tags merged, run tags win", {"k6_tags": {"team": "perf", "run_id": "mine", "workload": "x"}}, 3),
    ]
    # k6_tags as [key, value] pairs: their order is the order of the --tag arguments.
    return [
        case(
            i,
            OURS,
            "k6_tags",
            {"k6_tags": _pairs(cfg.get("k6_tags", {})), "run_id": "run-7", "repetition": rep},
            _pairs(generator_for(cfg, rep)._build_k6_tags("run-7")),
        )
        for i, cfg, rep in rows
    ]


def _pairs(mapping: dict[str, str]) -> list[list[str]]:
    return [list(kv) for kv in mapping.items()]


def outputs_cases() -> list[dict[str, Any]]:
    cfg = {"k6_outputs": ["json=stdout", "csv=results.csv"]}
    return [
        case(
            "configured outputs only (no automatic Loki)",
            t("generator", "test_k6_outputs_returns_configured_outputs"),
            "k6_outputs",
            {"config": cfg},
            generator_for(cfg)._resolve_k6_outputs(),
        ),
        case("outputs trimmed, blanks dropped", OURS, "k6_outputs", {"config": {"k6_outputs": [" a=b ", ""]}}, generator_for({"k6_outputs": [" a=b ", ""]})._resolve_k6_outputs()),
    ]


def run_command_cases() -> list[dict[str, Any]]:
    """The whole launch command of one repetition: the generator's outputs and tags through the runner's argv."""
    rows: list[tuple[str, dict[str, Any], str, int]] = [
        ("defaults", {}, "run-7", 1),
        (
            "outputs, k6_tags and a clashing run_id",
            {"k6_outputs": ["csv=/tmp/out.csv", " "], "k6_tags": {"team": "perf", "run_id": "mine"}},
            "run-7",
            2,
        ),
    ]
    out = []
    for i, cfg, run_id, rep in rows:
        gen = generator_for(cfg, rep)
        argv = K6Runner(gateway_url="http://gw", duration="30s")._build_k6_command(
            Path("/ws/script.js"), Path("/ws/summary.json"), gen._resolve_k6_outputs(), gen._build_k6_tags(run_id)
        )
        inp = {"k6_outputs": cfg.get("k6_outputs", []), "k6_tags": _pairs(cfg.get("k6_tags", {})), "run_id": run_id, "repetition": rep, "workspace": "/ws"}
        out.append(case(i, OURS, "run_command", inp, argv))
    return out


def parse_summary(summary: Any, metric_ids: dict[str, str]) -> dict[str, Any]:
    try:
        return {"ok": True, "parsed": K6Runner(gateway_url="http://gw", duration="30s").parse_summary(summary, metric_ids)}
    except Exception as exc:  # lb's ValueError is the expected output
        return {"ok": False, "error": error_of(exc)}


def summary_case(case_id: str, lb_test: str, summary: Any, metric_ids: dict[str, str], rates: dict[str, int] | None = None) -> dict[str, Any]:
    pairs = [[n, (rates or {}).get(n, 10)] for n in metric_ids]
    return case(case_id, lb_test, "parse_summary", {"summary": summary, "metric_ids": metric_ids, "pairs": pairs}, parse_summary(summary, metric_ids))


def summary_cases() -> list[dict[str, Any]]:
    flat = {
        "success_rate_figlet": {"value": 0.98, "passes": 294, "fails": 6},
        "latency_figlet": {"avg": 12.5, "min": 1.0, "med": 10.0, "max": 40.0, "p(90)": 20.0, "p(95)": 25.0},
        "request_count_figlet": {"count": 300, "rate": 10.0},
    }
    return [
        summary_case(
            "nested values",
            t("generator", "test_parse_k6_summary_extracts_metrics"),
            {"metrics": {"success_rate_fn_figlet": {"values": {"rate": 0.9}}, "latency_fn_figlet": {"values": {"avg": 12.5}}, "request_count_fn_figlet": {"values": {"count": 5}}}},
            {"figlet": "fn_figlet"},
        ),
        summary_case("no metrics: error", t("generator", "test_parse_k6_summary_missing_metrics_raises"), {"metrics": {}}, {"figlet": "fn_figlet"}),
        summary_case("flat --summary-export shape", OURS, {"metrics": flat}, {"figlet": "figlet"}),
        summary_case("summary without metrics", OURS, {"root_group": {}}, {"figlet": "figlet"}),
        summary_case(
            "request count given only as a rate",
            OURS,
            {"metrics": {**flat, "request_count_figlet": {"rate": 10.0}}},
            {"figlet": "figlet"},
        ),
        summary_case("latency missing", OURS, {"metrics": {k: v for k, v in flat.items() if not k.startswith("latency")}}, {"figlet": "figlet"}),
        summary_case(
            "zero requests",
            OURS,
            {"metrics": {"success_rate_figlet": {"value": 0, "passes": 0, "fails": 0}, "latency_figlet": {"avg": 0}, "request_count_figlet": {"count": 0}}},
            {"figlet": "figlet"},
        ),
        summary_case(
            "rate-0 function without samples next to a loaded one",
            OURS,
            {"metrics": flat},
            {"env": "env", "figlet": "figlet"},
            rates={"env": 0, "figlet": 10},
        ),
        summary_case(
            "Rate with both value and rate keys",
            OURS,
            {"metrics": {**flat, "success_rate_figlet": {"value": 0.5, "rate": 0.7}}},
            {"figlet": "figlet"},
        ),
        summary_case(
            "nested value is not read for the Rate, nested rate is",
            OURS,
            {"metrics": {**flat, "success_rate_figlet": {"values": {"value": 0.3, "rate": 0.7}}}},
            {"figlet": "figlet"},
        ),
        summary_case(
            "flat keys win over nested ones",
            OURS,
            {"metrics": {**flat, "latency_figlet": {"avg": 3.5, "values": {"avg": 99.0}}, "request_count_figlet": {"count": 7, "values": {"count": 70}}}},
            {"figlet": "figlet"},
        ),
        summary_case(
            "Counter without count: nested count before the flat rate",
            OURS,
            {"metrics": {**flat, "request_count_figlet": {"rate": 10.0, "values": {"count": 42}}}},
            {"figlet": "figlet"},
        ),
        summary_case(
            "numeric strings and booleans go through float()",
            OURS,
            {"metrics": {**flat, "success_rate_figlet": {"value": " 0.25 "}, "latency_figlet": {"avg": "1_000.5"}, "request_count_figlet": {"count": True}}},
            {"figlet": "figlet"},
        ),
        summary_case(
            "a value that is not a number: error",
            OURS,
            {"metrics": {**flat, "latency_figlet": {"avg": "fast"}}},
            {"figlet": "figlet"},
        ),
        summary_case("metrics that is a list: error", OURS, {"metrics": []}, {"figlet": "figlet"}),
        summary_case(
            "rate-0 function whose metrics are there",
            OURS,
            {"metrics": {**flat, "success_rate_env": {"value": 0.0}, "latency_env": {"avg": 0.0}, "request_count_env": {"count": 0}}},
            {"env": "env", "figlet": "figlet"},
            rates={"env": 0, "figlet": 10},
        ),
        summary_case(
            "every function missing: lb lists them in name order",
            OURS,
            {"metrics": {"http_reqs": {"count": 3}}},
            {"a-b": "a_b", "zeta": "zeta"},
            rates={"a-b": 5, "zeta": 10},
        ),
    ]


def build_script_file() -> list[dict[str, Any]]:
    return script_cases() + command_cases() + tag_cases() + outputs_cases() + run_command_cases()


def build_summary_file() -> list[dict[str, Any]]:
    return summary_cases()
