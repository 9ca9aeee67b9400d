"""plugin.py export_results_to_csv: results.csv, skipped.csv, index.csv, metrics/summaries/k6_scripts files."""

from __future__ import annotations

import csv
import io
import tempfile
from pathlib import Path
from typing import Any

from common import OURS, case, t
from cases_results import build_row, measurement

from lb_plugins.plugins.peva_faas.config import DfaasOverloadConfig
from lb_plugins.plugins.peva_faas.plugin import DfaasPlugin, _dedupe_index_rows, _flatten_metrics
from lb_plugins.plugins.peva_faas.services.plan_builder import config_id
from lb_plugins.plugins.peva_faas.services.result_builder import DfaasResultBuilder

NAN = float("nan")


def csv_text(rows: list[list[Any]], delimiter: str = ",") -> str:
    buf = io.StringIO(newline="")
    writer = csv.writer(buf, delimiter=delimiter)
    for row in rows:
        writer.writerow(row)
    return buf.getvalue()


def csv_cases() -> list[dict[str, Any]]:
    rows: list[tuple[str, list[Any]]] = [
        ("plain fields", ["a", "b", 1]),
        ("comma inside a field", ["a,b", "c"]),
        ("quote inside a field", ['say "hi"', "x"]),
        ("newline inside a field", ["line\nbreak", "x"]),
        ("carriage return inside a field", ["x\ry"]),
        ("single empty field", [""]),
        ("two empty fields", ["", ""]),
        ("None", [None, 1]),
        ("booleans", [True, False]),
        ("floats", [1.0, 0.5, 0.1 + 0.2, 1e-07, 1e16, 123456.789]),
        ("non-finite floats", [NAN, float("inf"), float("-inf")]),
        ("ints", [0, -3, 10**12]),
        ("leading and trailing spaces", [" a ", "b"]),
        ("semicolon with the ; delimiter of index.csv", ["a;b", "c"]),
        ("Python list text as in index.csv", [["figlet", "env"], [10, 20], "results.csv"]),
    ]
    out = []
    for i, row in rows:
        delim = ";" if "index.csv" in i or "; delimiter" in i else ","
        out.append(case(i, OURS, "csv_line", {"row": row, "delimiter": delim}, csv_text([row], delim)))
    return out


def export(results: list[dict[str, Any]]) -> dict[str, Any]:
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        paths = DfaasPlugin().export_results_to_csv(results=results, output_dir=root, run_id="run-1", test_name="peva")
        rel = [str(p.relative_to(root)) for p in paths]
        files = {r: (root / r).read_text() for r in sorted(set(rel))}
    return {"paths": rel, "files": files}


LB_EXPORT_RESULTS: list[dict[str, Any]] = [
    {
        "repetition": 2,
        "generator_result": {
            "peva_faas_functions": ["figlet"],
            "peva_faas_results": [{"function_figlet": "figlet", "rest_seconds": 5}],
            "peva_faas_skipped": [{"function_figlet": "figlet", "rate_function_figlet": 10}],
            "peva_faas_index": [
                {"functions": ["figlet"], "rates": [10], "results_file": "results.csv"},
                {"functions": ["figlet"], "rates": [10], "results_file": "results.csv"},
            ],
            "peva_faas_summaries": [{"config_id": "cfg-1", "iteration": 1, "summary": {"metrics": {}}}],
            "peva_faas_metrics": [
                {
                    "config_id": "cfg-1",
                    "iteration": 1,
                    "metrics": {"cpu_usage_node": 10.0, "functions": {"figlet": {"cpu": 1.0, "ram": 2.0, "power": 3.0}}},
                }
            ],
            "peva_faas_scripts": [{"config_id": "cfg-1", "script": "export default function() {}"}],
        },
    },
    {
        "repetition": 2,
        "generator_result": {
            "peva_faas_functions": ["figlet"],
            "peva_faas_index": [{"functions": ["figlet"], "rates": [20], "results_file": "results.csv"}],
            "peva_faas_scripts": [{"config_id": "cfg-1", "script": "different script should be ignored"}],
        },
    },
]


def measured_run() -> dict[str, Any]:
    """A small run as measurements; lb's generator_result is built from them with lb's own builders."""
    functions = ["env", "figlet"]
    # Keys in sorted order: the fixture file sorts keys, and lb writes the summary in dict order.
    k6_summary = {"metrics": {"success_rate_figlet": {"fails": 0, "passes": 300, "value": 1}}}
    iterations = []
    for it, pairs, rest in ((1, [["figlet", 10]], 0), (2, [["figlet", 10]], 5), (1, [["env", 20], ["figlet", 10]], 10)):
        m = measurement(pairs, all_functions=functions, rest_seconds=rest, success={"env": 0.98765})
        m.update({"iteration": it, "start_ts": 1700000000.0 + 100 * it, "end_ts": 1700000031.5 + 100 * it, "k6_summary": k6_summary})
        iterations.append(m)
    return {
        "functions": functions,
        "run_id": "run-20240101-000000",
        "repetition": 1,
        "iterations": iterations,
        "skipped": [{"config_pairs": [["figlet", 20]], "reason": "dominated_by_overload", "dominated_by": [["figlet", 10]], "ts": 1700000500.0}],
        "completed": [[["figlet", 10]], [["env", 20], ["figlet", 10]]],
        "scripts": [{"config_pairs": [["figlet", 10]], "script": "// k6 script of figlet=10\n"}],
    }


def lb_results_of(run: dict[str, Any]) -> list[dict[str, Any]]:
    skipped_builder = DfaasResultBuilder(DfaasOverloadConfig())
    rows, summaries, metrics = [], [], []
    for m in run["iterations"]:
        pairs = [(n, r) for n, r in m["config_pairs"]]
        rows.append(build_row(m)["row"])
        summaries.append({"config_id": config_id(pairs), "iteration": m["iteration"], "summary": m["k6_summary"]})
        metrics.append({"config_id": config_id(pairs), "iteration": m["iteration"], "metrics": m["metrics"]})
    key = lambda pairs: sorted((n, r) for n, r in pairs)  # noqa: E731 - config_key order
    gen = {
        "peva_faas_functions": run["functions"],
        "peva_faas_results": rows,
        "peva_faas_skipped": [skipped_builder.build_skipped_row(run["functions"], [(n, r) for n, r in s["config_pairs"]]) for s in run["skipped"]],
        "peva_faas_index": [
            {"functions": [n for n, _ in key(c)], "rates": [r for _, r in key(c)], "results_file": "results.csv"} for c in run["completed"]
        ],
        "peva_faas_summaries": summaries,
        "peva_faas_metrics": metrics,
        "peva_faas_scripts": [{"config_id": config_id([(n, r) for n, r in s["config_pairs"]]), "script": s["script"]} for s in run["scripts"]],
    }
    return [{"repetition": run["repetition"], "generator_result": gen}]


def export_cases() -> list[dict[str, Any]]:
    pe = "plugin_export"
    run = measured_run()
    return [
        case("lb's export test", t(pe, "test_export_results_to_csv_writes_all_expected_artifacts"), "export_raw", {"results": LB_EXPORT_RESULTS}, export(LB_EXPORT_RESULTS)),
        case(
            "no functions: nothing written",
            t(pe, "test_export_results_to_csv_returns_empty_when_no_functions"),
            "export_raw",
            {"results": [{"generator_result": {"peva_faas_results": [{"foo": "bar"}]}}]},
            export([{"generator_result": {"peva_faas_results": [{"foo": "bar"}]}}]),
        ),
        case("a measured run", OURS, "export_measured", run, export(lb_results_of(run))),
    ]


def helper_cases() -> list[dict[str, Any]]:
    pe = "plugin_export"
    dedupe_in = [{"functions": ["figlet"], "rates": [10]}, {"functions": ["figlet"], "rates": [10]}, {"functions": ["figlet"], "rates": [20]}]
    flat_in = {"ram_usage_node": 20.0, "functions": {"figlet": {"cpu": 1.5, "ram": 2.5, "power": 3.5}, "echo": {"cpu": 0.1}}}
    return [
        case("index rows deduplicated, first kept", t(pe, "test_dedupe_index_rows_preserves_first_occurrence"), "dedupe_index", {"rows": dedupe_in}, _dedupe_index_rows(dedupe_in)),
        case("metrics flattened to one wide row", t(pe, "test_flatten_metrics_applies_nan_defaults_and_function_values"), "flatten_metrics", {"metrics": flat_in}, _flatten_metrics(flat_in)),
    ]


def build() -> list[dict[str, Any]]:
    return csv_cases() + export_cases() + helper_cases()
