"""plugin.py export_results_to_csv: results.csv, skipped.csv, index.csv, metrics/summaries/k6_scripts files."""

from __future__ import annotations

import ast
import base64
import csv
import io
import math
import tempfile
from pathlib import Path
from typing import Any
from unittest.mock import MagicMock

from common import OURS, case, t
from cases_results import build_row, measurement

from lb_plugins.plugins.peva_faas.config import DfaasConfig, DfaasFunctionConfig, DfaasOverloadConfig
from lb_plugins.plugins.peva_faas.context import ExecutionContext
from lb_plugins.plugins.peva_faas.exceptions import K6ExecutionError
from lb_plugins.plugins.peva_faas.plugin import DfaasPlugin, _dedupe_index_rows, _flatten_metrics
from lb_plugins.plugins.peva_faas.services import run_execution as run_execution_mod
from lb_plugins.plugins.peva_faas.services.cooldown import CooldownTimeoutError
from lb_plugins.plugins.peva_faas.services.plan_builder import DfaasPlanBuilder, config_id, config_key
from lb_plugins.plugins.peva_faas.services.result_builder import DfaasResultBuilder
from lb_plugins.plugins.peva_faas.services.run_execution import DfaasConfigExecutor, DfaasRunPlanner

NAN = float("nan")


def csv_text(rows: list[list[Any]], delimiter: str = ",") -> str:
    buf = io.StringIO(newline="")
    writer = csv.writer(buf, delimiter=delimiter)
    for row in rows:
        writer.writerow(row)
    return buf.getvalue()


def typed(value: Any) -> Any:
    """A Python value with its type, so that JSON keeps 1 and 1.0 apart: ["int", "1"], ["float", "1.0"], …"""
    if value is None:
        return ["none"]
    if isinstance(value, bool):
        return ["bool", value]
    if isinstance(value, int):
        return ["int", str(value)]
    if isinstance(value, float):
        return ["float", repr(value)]
    if isinstance(value, str):
        return ["str", value]
    if isinstance(value, tuple):
        return ["tuple", [typed(v) for v in value]]
    if isinstance(value, list):
        return ["list", [typed(v) for v in value]]
    raise TypeError(f"no typed encoding for {type(value).__name__}")


def csv_cases() -> list[dict[str, Any]]:
    rows: list[tuple[str, list[Any]]] = [
        ("plain fields", ["a", "b", 1]),
        ("comma inside a field", ["a,b", "c"]),
        ("quote inside a field", ['say "hi"', "x"]),
        ("newline inside a field", ["line\nbreak", "x"]),
        ("carriage return inside a field", ["x\ry"]),
        ("CRLF inside a field", ["a\r\nb"]),
        ("single empty field", [""]),
        ("single None", [None]),
        ("two empty fields", ["", ""]),
        ("empty row", []),
        ("None", [None, 1]),
        ("booleans", [True, False]),
        ("floats", [1.0, 0.5, 0.1 + 0.2, 1e-07, 1e16, 123456.789]),
        ("more floats", [1e15, 1e-4, 1e-5, -0.0, 2.5e-05, 1e22, 5e-324, 1.7976931348623157e308, 123456789012345.6]),
        ("non-finite floats", [NAN, float("inf"), float("-inf")]),
        ("ints", [0, -3, 10**12, 10**21, 2**64]),
        ("leading and trailing spaces", [" a ", "b"]),
        ("only a space", [" "]),
        ("only a quote", ['"']),
        ("non-ASCII text", ["fünf €", "日本"]),
        ("semicolon with the ; delimiter of index.csv", ["a;b", "c"]),
        ("comma with the ; delimiter of index.csv", ["a,b", "c"]),
        ("Python list text as in index.csv", [["figlet", "env"], [10, 20], "results.csv"]),
        ("lists of odd strings with the ; delimiter of index.csv", [["it's", 'a"b', "x\\y", "é", "\x00", "\u2028", "a;b"], [1.0, -2, True, None]]),
        ("an empty list with the ; delimiter of index.csv", [[], []]),
        ("a tuple with the ; delimiter of index.csv", [("a",), (1, 2)]),
    ]
    out = []
    for i, row in rows:
        delim = ";" if "index.csv" in i or "; delimiter" in i else ","
        out.append(case(i, OURS, "csv_line", {"row": [typed(v) for v in row], "delimiter": delim}, csv_text([row], delim)))
    return out


def csv_read_cases() -> list[dict[str, Any]]:
    """csv.reader over a text file opened as lb opens index.csv (universal newlines)."""
    texts: list[tuple[str, str, str]] = [
        ("lb's index.csv", "functions;rates;results_file\r\n['a', 'b'];[10, 20];results.csv\r\n", ";"),
        ("quoted fields", "\"['f1']\";\"[10]\";results.csv\n", ";"),
        ("doubled quotes", '"say ""hi""",x\n', ","),
        ("quote in an unquoted field", 'a"b,c\n', ","),
        ("text after a closing quote", '"ab"cd,e\n', ","),
        ("newline inside quotes", '"a\nb",c\n', ","),
        ("CRLF inside quotes", '"a\r\nb",c\r\n', ","),
        ("lone CR line ends", "a,b\rc,d\r", ","),
        ("blank lines", "a\n\n\nb\n", ","),
        ("no final newline", "a,b\nc,d", ","),
        ("unterminated quote at the end", '"open\nstill', ","),
        ("empty quoted field", 'x,""\n', ","),
        ("trailing delimiter", "a,b,\n", ","),
        ("only a delimiter", ";\n", ";"),
        ("spaces kept", " a , b \n", ","),
        ("empty text", "", ","),
        ("BOM kept in the first field", "\ufefffunctions;rates\n[1];[2]\n", ";"),
        ("NUL character", "a\x00b,c\n", ","),
    ]
    out = []
    for i, text, delim in texts:
        try:
            expected: Any = {"ok": True, "rows": list(csv.reader(io.StringIO(text, newline=None), delimiter=delim))}
        except csv.Error as exc:
            expected = {"ok": False, "error": str(exc)}
        out.append(case(f"read: {i}", OURS, "csv_read", {"text": text, "delimiter": delim}, expected))
    big = "x" * (csv.field_size_limit() + 1)
    try:
        list(csv.reader(io.StringIO(big + "\n")))
        expected = {"ok": True}
    except csv.Error as exc:
        expected = {"ok": False, "error": str(exc)}
    out.append(case("read: a field over the field size limit", OURS, "csv_read", {"repeat": ["x", csv.field_size_limit() + 1], "delimiter": ","}, expected))
    return out


LITERALS: list[str] = [
    "['figlet', 'env']",
    "[10, 20]",
    "['f1']",
    "[10]",
    "[]",
    " [1]",
    "\t[1]",
    "[1] ",
    "\n[1]",
    "\n [1]",
    "[1]\n\n",
    "[1,\n2]",
    "1,\n2",
    "1, 2",
    "(1, 2)",
    "(1,)",
    "()",
    "(1)",
    "[1, 2,]",
    "[ 1 , 2 ]",
    "[\"a\", 'b']",
    "'ab'",
    "\"it's\"",
    "'a' 'b'",
    "'a' \\\n 'b'",
    "u'x'",
    "r'\\n'",
    "b'x'",
    "'\\x41\\u00e9\\U0001F600\\101\\n\\t'",
    "'\\q'",
    "'''a\nb'''",
    '"""x"""',
    "'a' b'b'",
    "f'x'",
    "'unterminated",
    "[True, False, None]",
    "[1.0, 2.5, 1e3, 1E-5, .5, 1., 1_000.5]",
    "[0x10, 0o17, 0b1_01, 1_000, 00]",
    "01",
    "123456789012345678901234567890",
    "-1",
    "+1",
    "-1.5",
    "-(1)",
    "--1",
    "-True",
    "~1",
    "1+2j",
    "1-2j",
    "-1+2j",
    "(-1)+2j",
    "2j",
    "1+2",
    "1+2j+3j",
    "10**2",
    "1e400",
    "[-0.0]",
    "{}",
    "{'a': 1, 'b': [2]}",
    "{1: 'a', True: 'b'}",
    "{1}",
    "{1, True, 1.0}",
    "set()",
    "set([1])",
    "{[1]}",
    "{[1]: 2}",
    "{**{}}",
    "[*[1]]",
    "[x]",
    "inf",
    "[1,2][0]",
    "1 if 1 else 2",
    "...",
    "Ellipsis",
    "[1 # comment\n]",
    "[1];",
    "",
    " ",
    "[",
    "]",
    "[1 2]",
    "['a', ('b', 1), [2, [3]]]",
    "(('f1',), (10,))",
]


def literal_cases() -> list[dict[str, Any]]:
    out = []
    for text in LITERALS:
        try:
            value = ast.literal_eval(text)
            expected: dict[str, Any] = {"ok": True, "repr": repr(value), "type": type(value).__name__}
        except SyntaxError:  # IndentationError included
            expected = {"ok": False, "error": "SyntaxError"}
        except Exception as exc:  # the exception class is the expected output
            expected = {"ok": False, "error": type(exc).__name__}
        out.append(case(f"literal_eval {text!r}", OURS, "literal_eval", {"text": text}, expected))
    return out


def _planner() -> DfaasRunPlanner:
    return DfaasRunPlanner(
        config=DfaasConfig(functions=[DfaasFunctionConfig(name="f1")]),
        exec_ctx=ExecutionContext(host="node-1", repetition=1, total_repetitions=1),
        planner=MagicMock(),
        metrics_collector=MagicMock(),
        log_manager=MagicMock(),
        annotations=MagicMock(),
        replicas_provider=lambda _names: {},
    )


def lb_load_index(write: Any) -> dict[str, Any]:
    """run_execution.py `_load_index` on a file `write(path)` makes: its key set (sorted reprs), whether it warned, or what escapes it."""
    warnings: list[str] = []
    saved = run_execution_mod.logger.warning
    run_execution_mod.logger.warning = lambda msg, *args: warnings.append(msg % args)  # type: ignore[method-assign]
    try:
        with tempfile.TemporaryDirectory() as tmp:
            write(Path(tmp) / "index.csv")
            try:
                keys = _planner()._load_index(Path(tmp))
            except Exception as exc:  # lb lets it escape: that is the expected outcome
                return {"outcome": "raises", "error": type(exc).__name__}
    finally:
        run_execution_mod.logger.warning = saved  # type: ignore[method-assign]
    if warnings:
        # The message names lb's temp path: keep which of lb's two warnings it was.
        kind = "read" if warnings[0].startswith("Could not read") else "invalid"
        return {"outcome": "warning", "kind": kind, "keys": sorted(repr(k) for k in keys)}
    return {"outcome": "ok", "keys": sorted(repr(k) for k in keys)}


INDEX_TEXTS: list[tuple[str, str, str]] = [
    ("lb's index.csv", t("run_planner", "test_load_index_reads_rows_and_handles_invalid_literal"), "functions;rates;results_file\n\"['f1']\";\"[10]\";results.csv\n"),
    ("invalid list literal: nothing resumes", t("run_planner", "test_load_index_reads_rows_and_handles_invalid_literal"), "functions;rates;results_file\n\"['f1'\";\"[10]\";results.csv\n"),
    ("header only", t("run_planner", "test_load_index_handles_csv_reader_errors"), "functions;rates;results_file\n"),
    ("as lb's csv.writer writes it", OURS, "functions;rates;results_file\r\n['a', 'b'];[10, 20];results.csv\r\n['a'];[0];results.csv\r\n"),
    ("empty file", OURS, ""),
    ("duplicate keys, 10 and 10.0 and True", OURS, "functions;rates\n['f'];[10]\n['f'];[10.0]\n['g'];[True]\n['g'];[1]\n"),
    ("names out of order kept as written", OURS, "functions;rates\n['b', 'a'];[1, 2]\n"),
    ("tuples and a str", OURS, "functions;rates\n('a',);(1,)\n'ab';[1, 2]\n"),
    ("missing rates column", OURS, "functions;other\n['a'];x\n"),
    ("no header match at all", OURS, "config_id,functions,rates\nabc,\"[\"\"f1\"\"]\",[10]\n"),
    ("short row: rates is None", OURS, "functions;rates\n['a']\n"),
    ("extra fields", OURS, "functions;rates\n['a'];[1];x;y\n"),
    ("blank lines between rows", OURS, "functions;rates\n\n['a'];[1]\n\n"),
    ("first line blank: no field names", OURS, "\nfunctions;rates\n['a'];[1]\n"),
    ("CR line ends", OURS, "functions;rates\r['a'];[1]\r"),
    ("BOM before the header", OURS, "\ufefffunctions;rates\n['a'];[1]\n"),
    ("duplicate header names: the last wins", OURS, "functions;functions;rates\n['a'];['b'];[1]\n"),
    ("an int where a list belongs (TypeError)", OURS, "functions;rates\n5;[1]\n"),
    ("None where a list belongs (TypeError)", OURS, "functions;rates\nNone;[1]\n"),
    ("a nested list (unhashable)", OURS, "functions;rates\n[['a']];[1]\n"),
    ("a set literal of lists (TypeError in literal_eval)", OURS, "functions;rates\n{[1]};[1]\n"),
    ("a dict: its keys", OURS, "functions;rates\n{'a': 1};{2: 0}\n"),
    ("bad literal after good rows", OURS, "functions;rates\n['a'];[1]\n['b'];[2\n"),
    ("TypeError after a bad literal", OURS, "functions;rates\n['b'];[2\n5;[1]\n"),
    ("bad literal after a TypeError", OURS, "functions;rates\n5;[1]\n['b'];[2\n"),
    ("lb-web's index.csv (our writer, lb's format)", OURS, "functions;rates;results_file\r\n['env', 'figlet'];[20, 10];results.csv\r\n"),
]


def index_load_cases() -> list[dict[str, Any]]:
    out = []
    for i, lb_test, text in INDEX_TEXTS:
        out.append(case(i, lb_test, "lb_load_index", {"text": text}, lb_load_index(lambda p, text=text: p.write_bytes(text.encode("utf-8")))))
    raw = b"functions;rates\n['a'];[1]\n['\xff'];[2]\n"
    out.append(case("bytes that are not UTF-8", OURS, "lb_load_index", {"base64": base64.b64encode(raw).decode()}, lb_load_index(lambda p: p.write_bytes(raw))))
    limit = csv.field_size_limit()
    big = "functions;rates\n['" + "a" * (limit + 1) + "'];[1]\n"
    out.append(
        case("a field over csv's size limit", OURS, "lb_load_index", {"repeat": ["functions;rates\n['", "a", limit + 1, "'];[1]\n"]}, lb_load_index(lambda p: p.write_text(big)))
    )
    out.append(case("index.csv is a directory", OURS, "lb_load_index", {"directory": True}, lb_load_index(lambda p: p.mkdir())))
    out.append(case("no index.csv", OURS, "lb_load_index", {"absent": True}, lb_load_index(lambda p: None)))
    return out


def export(results: list[dict[str, Any]]) -> dict[str, Any]:
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        paths = DfaasPlugin().export_results_to_csv(results=results, output_dir=root, run_id="run-1", test_name="peva")
        rel = [str(p.relative_to(root)) for p in paths]
        # Bytes as written: read_text() would turn csv's "\r\n" into "\n".
        files = {r: (root / r).read_bytes().decode("utf-8") for r in sorted(set(rel))}
        # Round trip: what lb's resume (_load_index) reads back from the index.csv lb just wrote.
        resume = sorted(repr(k) for k in _planner()._load_index(root)) if (root / "index.csv").exists() else None
    return {"paths": rel, "files": files, "resume_keys": resume}


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

# Keys in sorted order: the fixture file sorts keys, and lb writes the summary in dict order.
K6_SUMMARY = {
    "metrics": {
        "latency_figlet": {"avg": 12.5, "max": 80, "med": 10.25, "min": 1e-07, "p(90)": 20, "p(95)": 30.5},
        "success_rate_figlet": {"fails": 0, "passes": 300, "value": 1},
    },
    "root_group": {"checks": [], "groups": [], "name": "caf\u00e9"},
}


def measured_run(
    functions: list[str],
    plan: list[tuple[int, list[list[Any]], dict[str, Any]]],
    skipped: list[dict[str, Any]],
    completed: list[list[list[Any]]],
    scripts: list[dict[str, Any]],
) -> dict[str, Any]:
    """A run as measurements (iteration, pairs, measurement() options); lb's generator_result is built from them with lb's own builders."""
    iterations = []
    for n, (it, pairs, opts) in enumerate(plan):
        m = measurement(pairs, all_functions=functions, **opts)
        m.update({"iteration": it, "start_ts": 1700000000.0 + 100 * n, "end_ts": 1700000031.5 + 100 * n, "k6_summary": K6_SUMMARY})
        iterations.append(m)
    return {
        "functions": functions,
        "run_id": "run-20240101-000000",
        "repetition": 1,
        "iterations": iterations,
        "skipped": skipped,
        "completed": completed,
        "scripts": scripts,
    }


def measured_runs() -> list[tuple[str, dict[str, Any]]]:
    dominated = {"reason": "dominated_by_overload", "ts": 1700000500.0}
    return [
        (
            "a measured run",
            measured_run(
                ["env", "figlet"],
                [
                    (1, [["figlet", 10]], {"rest_seconds": 0, "success": {"env": 0.98765}}),
                    (2, [["figlet", 10]], {"rest_seconds": 5, "success": {"env": 0.98765}}),
                    (1, [["env", 20], ["figlet", 10]], {"rest_seconds": 10, "success": {"env": 0.98765}}),
                ],
                [{"config_pairs": [["figlet", 20]], "dominated_by": [["figlet", 10]], **dominated}],
                [[["figlet", 10]], [["env", 20], ["figlet", 10]]],
                [{"config_pairs": [["figlet", 10]], "script": "// k6 script of figlet=10\n"}],
            ),
        ),
        (
            "three functions, names the CSV quotes, overloads and NaN, no skipped row",
            measured_run(
                ["zeta", "fig,let", 'say"hi'],
                [
                    (1, [["fig,let", 5]], {"rest_seconds": 30, "latency": 12.9876, "node": (123.456789, 8.123456789e9, 77.7777, 1.5e6)}),
                    (1, [["say\"hi", 1], ["zeta", 100]], {"success": {"say\"hi": 0.5, "zeta": 0.0625}, "replicas": {"say\"hi": 1, "zeta": 15}}),
                    (2, [["say\"hi", 1], ["zeta", 100]], {"node": (float("nan"),) * 4, "idle": (float("nan"),) * 4, "fn_metrics": {}}),
                ],
                [],
                [[["fig,let", 5]], [["say\"hi", 1], ["zeta", 100]]],
                [],
            ),
        ),
        (
            "a configuration completed twice: one index row",
            measured_run(
                ["f1"],
                [(1, [["f1", 10]], {}), (1, [["f1", 10]], {}), (1, [["f1", 20]], {})],
                [{"config_pairs": [["f1", 30]], "dominated_by": [["f1", 20]], **dominated}, {"config_pairs": [["f1", 40]], "dominated_by": [["f1", 20]], **dominated}],
                [[["f1", 10]], [["f1", 10]], [["f1", 20]]],
                [],
            ),
        ),
    ]


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
        "peva_faas_functions": sorted(run["functions"]),
        "peva_faas_results": rows,
        "peva_faas_skipped": [skipped_builder.build_skipped_row(sorted(run["functions"]), [(n, r) for n, r in s["config_pairs"]]) for s in run["skipped"]],
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
    out = [
        case("lb's export test", t(pe, "test_export_results_to_csv_writes_all_expected_artifacts"), "export_raw", {"results": LB_EXPORT_RESULTS}, export(LB_EXPORT_RESULTS)),
        case(
            "no functions: nothing written",
            t(pe, "test_export_results_to_csv_returns_empty_when_no_functions"),
            "export_raw",
            {"results": [{"generator_result": {"peva_faas_results": [{"foo": "bar"}]}}]},
            export([{"generator_result": {"peva_faas_results": [{"foo": "bar"}]}}]),
        ),
    ]
    for name, run in measured_runs():
        for m in run["iterations"]:
            m["all_functions"] = sorted(run["functions"])  # lb's function_names are sorted
        out.append(case(name, OURS, "export_measured", run, export(lb_results_of(run))))
    return out


def helper_cases() -> list[dict[str, Any]]:
    pe = "plugin_export"
    dedupe_in = [{"functions": ["figlet"], "rates": [10]}, {"functions": ["figlet"], "rates": [10]}, {"functions": ["figlet"], "rates": [20]}]
    dedupe_more = [{"functions": ["a", "b"], "rates": [1, 2]}, {"functions": ["b", "a"], "rates": [2, 1]}, {"functions": ["a", "b"], "rates": [1, 2], "results_file": "x.csv"}, {}]
    flat_in = {"ram_usage_node": 20.0, "functions": {"figlet": {"cpu": 1.5, "ram": 2.5, "power": 3.5}, "echo": {"cpu": 0.1}}}
    flat_more = {"cpu_usage_node": NAN, "ram_usage_node": 1e16, "ram_usage_node_pct": 0.1 + 0.2, "power_usage_node": 1e-5, "functions": {}}

    def flat(metrics: dict[str, Any]) -> dict[str, Any]:
        # The cell text csv writes for each value (floats keep their repr: 20.0, 1e+16), and the
        # key order (fixture objects have their keys sorted).
        row = _flatten_metrics(metrics)
        return {"row": {k: (v if isinstance(v, str) else repr(v)) for k, v in row.items()}, "columns": list(row)}

    return [
        case("index rows deduplicated, first kept", t(pe, "test_dedupe_index_rows_preserves_first_occurrence"), "dedupe_index", {"rows": dedupe_in}, _dedupe_index_rows(dedupe_in)),
        case("index rows: order matters, results_file does not, missing keys are empty", OURS, "dedupe_index", {"rows": dedupe_more}, _dedupe_index_rows(dedupe_more)),
        case("metrics flattened to one wide row", t(pe, "test_flatten_metrics_applies_nan_defaults_and_function_values"), "flatten_metrics", {"metrics": flat_in}, flat(flat_in)),
        case("metrics flattened: float reprs", OURS, "flatten_metrics", {"metrics": flat_more}, flat(flat_more)),
    ]


def run_rows(inp: dict[str, Any]) -> dict[str, Any]:
    """lb's real DfaasConfigExecutor with k6/Prometheus stubbed out, then lb's export: which configurations
    leave a skipped.csv row, an index.csv row, and how many results rows (iterations) each one has."""
    from cases_scheduler import _context, as_pairs, stub_executor  # noqa: PLC0415 - shared helpers of the scheduler cases

    cfg = DfaasConfig(**inp["config"])
    builder = DfaasPlanBuilder(cfg)
    names = builder.build_function_names()
    rates = builder.build_rates()
    configs = builder.build_configurations(names, rates, rates_by_function=builder.build_rates_by_function(rates))
    ctx = _context(names, configs)
    ctx.existing_index.update(config_key(as_pairs(k)) for k in inp["index"])
    memory_keys = {config_key(as_pairs(k)) for k in inp["memory"]}
    flags = {config_id(as_pairs(o["pairs"])): o["flags"] for o in inp["overload_flags"]}
    failures = {config_id(as_pairs(f["pairs"])): f for f in inp["failures"]}

    result_builder = DfaasResultBuilder(cfg.overload)
    executor = stub_executor(cfg, memory_keys)
    iterations_run: dict[str, int] = {}

    def fake_iteration(ctx_, pairs, _script, _ids, cfg_id, _label, _idx, _total, iteration, _iters):  # noqa: ANN001
        failure = failures.get(cfg_id)
        if failure and failure["iteration"] == iteration:
            if failure["kind"] == "cooldown_timeout":
                raise CooldownTimeoutError(waited_seconds=cfg.cooldown.max_wait_seconds + 1, max_seconds=cfg.cooldown.max_wait_seconds)
            if failure["kind"] == "k6_error":
                raise K6ExecutionError(cfg_id, "k6 exited 1")
            raise RuntimeError("boom")
        iterations_run[cfg_id] = iterations_run.get(cfg_id, 0) + 1
        ctx_.results_rows.append(result_builder.build_skipped_row(names, pairs))  # a row per iteration, as lb appends
        own = flags.get(cfg_id, [])
        return bool(own[iteration - 1]) if iteration - 1 < len(own) else False

    executor._execute_iteration = fake_iteration  # type: ignore[method-assign]
    executor.execute(ctx)
    gen = {
        "peva_faas_functions": names,
        "peva_faas_skipped": ctx.skipped_rows,
        "peva_faas_index": ctx.index_rows,
    }
    files = export([{"repetition": 1, "generator_result": gen}])["files"]
    return {
        "configs": [[list(p) for p in c] for c in configs],
        "iterations_run": {config_id(c): iterations_run.get(config_id(c), 0) for c in configs},
        "files": {k: v for k, v in files.items() if k in ("skipped.csv", "index.csv")},
    }


def run_rows_cases() -> list[dict[str, Any]]:
    one = {"functions": [{"name": "f1"}], "rate_strategy": {"type": "linear", "min_rate": 10, "max_rate": 40, "step": 10}}
    two = {
        "functions": [{"name": "a"}, {"name": "b"}],
        "rate_strategy": {"type": "linear", "min_rate": 10, "max_rate": 30, "step": 10},
        "combinations": {"min_functions": 1, "max_functions": 3},
        "iterations": 3,
    }
    ext = "run_execution_extended"
    rows: list[tuple[str, str, dict[str, Any]]] = [
        (
            "indexed config: dropped by the scheduler, no skipped row",
            t("run_execution", "test_seen_config_is_skipped_without_replacement"),
            {"config": {**one, "iterations": 1}, "index": [[["f1", 20]]], "memory": [], "overload_flags": [], "failures": []},
        ),
        (
            "overloaded config: index row; the configs it dominates get skipped rows",
            t(ext, "test_execute_single_config_appends_overloaded_and_index_rows"),
            {"config": {**one, "iterations": 3}, "index": [], "memory": [], "overload_flags": [{"pairs": [["f1", 20]], "flags": [True, False, True]}], "failures": []},
        ),
        (
            "cooldown timeout, k6 error, other error: skipped rows, no index row",
            t(ext, "test_handle_error_helpers_append_skipped_rows"),
            {
                "config": {**one, "iterations": 2},
                "index": [],
                "memory": [],
                "overload_flags": [],
                "failures": [
                    {"pairs": [["f1", 10]], "iteration": 1, "kind": "cooldown_timeout"},
                    {"pairs": [["f1", 20]], "iteration": 2, "kind": "k6_error"},
                    {"pairs": [["f1", 30]], "iteration": 1, "kind": "runtime_error"},
                ],
            },
        ),
        (
            "two functions: memory hit, index hit, overload, dominance and a failure",
            OURS,
            {
                "config": two,
                "index": [[["a", 10], ["b", 10]]],
                "memory": [[["b", 10]]],
                "overload_flags": [{"pairs": [["a", 20]], "flags": [True, True, False]}, {"pairs": [["a", 10], ["b", 20]], "flags": [True, True, True]}],
                "failures": [{"pairs": [["b", 20]], "iteration": 3, "kind": "k6_error"}],
            },
        ),
    ]
    return [case(i, lb, "run_rows", inp, run_rows(inp)) for i, lb, inp in rows]


def build() -> list[dict[str, Any]]:
    return csv_cases() + csv_read_cases() + literal_cases() + index_load_cases() + export_cases() + helper_cases() + run_rows_cases()
