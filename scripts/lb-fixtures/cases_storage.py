"""Journal config_hash (lb_controller/services/journal.py) and the DuckDB memory (services/memory_store.py)."""

from __future__ import annotations

import json
import tempfile
from pathlib import Path
from typing import Any

import duckdb

from common import OURS, case, error_of, relative_paths, t

from lb_controller.api import BenchmarkConfig
from lb_controller.services.journal import _config_dump, _config_hash
from lb_plugins.plugins.peva_faas.config import DfaasConfig
from lb_plugins.plugins.peva_faas.services.contracts import ExecutionEvent
from lb_plugins.plugins.peva_faas.services.memory_checkpoint import ParquetCheckpoint
from lb_plugins.plugins.peva_faas.services.memory_engine import InProcessMemoryEngine
from lb_plugins.plugins.peva_faas.services.tensor_cache import TensorCache
from lb_plugins.plugins.peva_faas.services.memory_store import DuckDBMemoryStore
from lb_plugins.plugins.peva_faas.services.plan_builder import config_id, config_key

SCHEMA = "peva_faas_mem_v1"
NAN = float("nan")


def hash_case(case_id: str, dump: Any) -> dict[str, Any]:
    payload = json.dumps(dump, sort_keys=True, default=str)
    return case(case_id, OURS, "config_hash", {"config_dump": dump}, {"sha256": _config_hash(dump), "payload": payload})


def hash_cases() -> list[dict[str, Any]]:
    peva = relative_paths(DfaasConfig(functions=[{"name": "figlet", "method": "POST"}]).model_dump(mode="json"))
    policy = relative_paths(
        DfaasConfig(
            functions=[{"name": "figlet", "method": "POST"}],
            selection_mode="micro_batch",
            micro_batch_size=3,
            micro_batch_window_s=10,
            algorithm_entrypoint="lb_web.policies:CapacitySearch",
        ).model_dump(mode="json")
    )
    return [
        hash_case("empty object", {}),
        hash_case("keys sorted at every level", {"b": 1, "a": {"d": [3, 1], "c": None}}),
        hash_case("integral float 80.0", {"cpu_overload_pct_of_capacity": 80.0}),
        hash_case("fraction 0.95", {"success_rate_node_min": 0.95}),
        hash_case("non-ASCII text", {"name": "fünf €"}),
        hash_case("booleans and null", {"enabled": True, "api_key": None}),
        hash_case("lb's default BenchmarkConfig dump", _config_dump(BenchmarkConfig())),
        hash_case("DfaasConfig dump (peva_faas plugin settings)", {"plugin_settings": {"peva_faas": peva}, "repetitions": 1}),
        hash_case("DfaasConfig dump with micro_batch and an algorithm_entrypoint", {"plugin_settings": {"peva_faas": policy}, "repetitions": 1}),
    ]


def schema_of(conn: duckdb.DuckDBPyConnection) -> dict[str, Any]:
    """Tables, columns (ordered, typed, nullability) and constraints as DuckDB reports them."""
    cols = conn.execute(
        "SELECT table_name, column_name, data_type, is_nullable FROM information_schema.columns ORDER BY table_name, ordinal_position"
    ).fetchall()
    cons = conn.execute(
        "SELECT table_name, constraint_type, constraint_column_names FROM duckdb_constraints() "
        "WHERE constraint_type IN ('PRIMARY KEY', 'UNIQUE') ORDER BY table_name, constraint_type, constraint_index"
    ).fetchall()
    tables: dict[str, Any] = {}
    for table, column, dtype, nullable in cols:
        tables.setdefault(table, {"columns": [], "keys": []})["columns"].append({"name": column, "type": dtype, "nullable": nullable == "YES"})
    for table, ctype, names in cons:
        tables[table]["keys"].append({"type": ctype, "columns": list(names)})
    return tables


def schema_cases() -> list[dict[str, Any]]:
    with tempfile.TemporaryDirectory() as tmp:
        store = DuckDBMemoryStore(Path(tmp) / "mem.duckdb", SCHEMA)
        store.startup()
        version = store.schema_version()
        conn = store._require_conn()
        tables = schema_of(conn)
        meta_rows = conn.execute("SELECT count(*) FROM memory_schema_meta").fetchone()[0]
        store.close()
    return [
        case("tables created at startup", t("memory_store", "test_store_bootstrap_creates_schema_meta"), "schema", {}, {"tables": tables}),
        case("schema_version written once", t("memory_store", "test_store_bootstrap_creates_schema_meta"), "schema_meta", {}, {"schema_version": version, "rows": meta_rows}),
        case("file of another schema version refused", t("memory_store", "test_store_rejects_schema_mismatch"), "schema_mismatch", {"file_schema_version": "peva_faas_mem_v2"}, mismatch()),
    ]


def mismatch() -> dict[str, Any]:
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "mem.duckdb"
        other = DuckDBMemoryStore(path, "peva_faas_mem_v2")
        other.startup()
        other.close()
        try:
            DuckDBMemoryStore(path, SCHEMA).startup()
        except ValueError as exc:
            return {"refused": True, "error": error_of(exc)}
    return {"refused": False}


def event_of(inp: dict[str, Any]) -> ExecutionEvent:
    """lb's event; the k6 summary is what K6Runner.execute gets: json.loads of the file's text."""
    pairs = [(n, r) for n, r in inp["config_pairs"]]
    return ExecutionEvent(
        run_id=inp["run_id"],
        config_id=config_id(pairs),
        iteration=inp["iteration"],
        repetition=inp["repetition"],
        config_pairs=pairs,
        config_key=config_key(pairs),
        started_at=inp["start_ts"],
        ended_at=inp["end_ts"],
        result_row=inp["result_row"],
        metrics=inp["metrics"],
        summary=json.loads(inp["summary_text"]),
        output_dir=Path("/nonexistent"),
    )


def stored_rows(inp: dict[str, Any]) -> dict[str, Any]:
    """The rows lb writes for one event; JSON columns as the exact text stored."""
    with tempfile.TemporaryDirectory() as tmp:
        store = DuckDBMemoryStore(Path(tmp) / "mem.duckdb", SCHEMA)
        store.startup()
        store.insert_execution_event(event_of(inp))
        conn = store._require_conn()
        ev = conn.execute(
            "SELECT config_id, iteration, repetition, run_id, CAST(config_functions AS VARCHAR), CAST(config_rates AS VARCHAR), "
            "start_ts, end_ts, duration_s, skip_reason, CAST(payload_json AS VARCHAR) FROM execution_events"
        ).fetchall()
        cat = conn.execute(
            "SELECT config_id, CAST(functions AS VARCHAR), CAST(rates AS VARCHAR), CAST(config_json AS VARCHAR), n_functions, sum_rate FROM config_catalog"
        ).fetchall()
        seen = store.load_seen_keys()
        store.close()
    ev_cols = ["config_id", "iteration", "repetition", "run_id", "config_functions", "config_rates", "start_ts", "end_ts", "duration_s", "skip_reason", "payload_json"]
    cat_cols = ["config_id", "functions", "rates", "config_json", "n_functions", "sum_rate"]
    return {
        "execution_events": [dict(zip(ev_cols, r)) for r in ev],
        "config_catalog": [dict(zip(cat_cols, r)) for r in cat],
        "seen_keys": sorted([list(k[0]), list(k[1])] for k in seen),
    }


SIMPLE_EVENT: dict[str, Any] = {
    "run_id": "run-1",
    "config_pairs": [["a", 10]],
    "iteration": 1,
    "repetition": 1,
    "start_ts": 1.0,
    "end_ts": 2.0,
    "result_row": {"overloaded_node": 0, "rest_seconds": 1},
    "metrics": {"cpu_usage_node": 12.3},
    "summary_text": '{"metrics": {}}',
}


def event_cases() -> list[dict[str, Any]]:
    simple = SIMPLE_EVENT
    rich = {
        "run_id": "run-20240101-000000",
        "config_pairs": [["env", 10], ["figlet", 20]],
        "iteration": 2,
        "repetition": 3,
        "start_ts": 1700000000.25,
        "end_ts": 1700000031.75,
        # Keys in sorted order: the fixture file sorts keys, and lb writes JSON in dict order.
        "result_row": {"cpu_usage_node": "nan", "function_figlet": "figlet", "overloaded_node": 1},
        # lb's metrics hold floats only (MetricsCollector): 2.0e9 and 0.0 are written 2000000000.0, 0.0.
        "metrics": {"cpu_usage_node": NAN, "functions": {"figlet": {"cpu": 1.5, "power": NAN, "ram": 0.0}}, "ram_usage_node": 2.0e9},
        # As k6 (Go) writes its --summary-export file: integral floats without ".0", key order kept.
        "summary_text": '{"root_group":{"name":"","path":""},"metrics":{"success_rate_figlet":{"value":1,"passes":3,"fails":0},'
        '"latency_figlet":{"avg":12.5,"min":1,"med":10,"max":40,"p(90)":20,"p(95)":25.75},"request_count_figlet":{"count":3,"rate":0.1}},'
        '"note":"fünf ✓ 𝄞 \\\\ \\"q\\""}',
    }
    fractional = {
        **simple,
        "run_id": "run-2",
        "config_pairs": [["a", 7], ["b", 0]],
        "start_ts": 5.0,
        "end_ts": 4.5,
        "result_row": {"function_a": "a", "rate_function_a": 7, "success_rate_function_a": "0.990"},
        "metrics": {"cpu_usage_node": 1e-07, "ram_usage_node": 1e16, "ram_usage_node_pct": 12.0},
        "summary_text": '{"metrics":{"latency_a":{"avg":1e-07,"max":123456789012,"min":0.5}}}',
    }
    return [
        case("one event", t("memory_engine", "test_ingest_updates_store_and_hot_cache"), "event_rows", simple, stored_rows(simple)),
        case("event with NaN metrics, two functions", OURS, "event_rows", rich, stored_rows(rich)),
        case("end before start, tiny and huge floats, a rate-0 function", OURS, "event_rows", fractional, stored_rows(fractional)),
    ]


def _store_with_data(path: Path) -> None:
    """SIMPLE_EVENT (lb's engine path) and one raw k6 summary (lb's test inserts one by hand; lb never writes one)."""
    store = DuckDBMemoryStore(path, SCHEMA)
    store.startup()
    store.insert_execution_event(event_of(SIMPLE_EVENT))
    store._require_conn().execute(
        "INSERT INTO k6_raw_summaries VALUES (?, 1, 1, 'run-1', '{}', 2, NOW())", [event_of(SIMPLE_EVENT).config_id]
    )
    store.close()


def _counts(path: Path) -> dict[str, int]:
    with duckdb.connect(str(path)) as conn:
        return {tb: conn.execute(f"SELECT count(*) FROM {tb}").fetchone()[0] for tb in (*ParquetCheckpoint.CORE_TABLES, *ParquetCheckpoint.DEBUG_TABLES)}


def parquet_export() -> dict[str, Any]:
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        _store_with_data(root / "mem.duckdb")
        ParquetCheckpoint(root / "mem.duckdb", SCHEMA).export_all(core_dir=root / "core", debug_dir=root / "debug")
        return {
            "core_files": sorted(p.name for p in (root / "core").iterdir()),
            "debug_files": sorted(p.name for p in (root / "debug").iterdir()),
        }


def parquet_preload(source: str) -> dict[str, Any]:
    """Export a store, then preload `source` ("core", "debug" or "other-schema") into a new one."""
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        _store_with_data(root / "mem.duckdb")
        ParquetCheckpoint(root / "mem.duckdb", SCHEMA).export_all(core_dir=root / "core", debug_dir=root / "debug")
        target = root / "target.duckdb"
        store = DuckDBMemoryStore(target, SCHEMA)
        store.startup()
        store.close()
        if source == "other-schema":
            with duckdb.connect(str(root / "mem.duckdb")) as conn:
                conn.execute("UPDATE memory_schema_meta SET schema_version = 'peva_faas_mem_v2'")
            ParquetCheckpoint(root / "mem.duckdb", SCHEMA).export_core(root / "v2")
        src = {"core": root / "core", "debug": root / "debug", "other-schema": root / "v2"}[source]
        try:
            ParquetCheckpoint(target, SCHEMA).preload_core(src)
        except ValueError as exc:
            return {"ok": False, "error": error_of(exc), "counts": _counts(target)}
        return {"ok": True, "counts": _counts(target)}


def checkpoint_cases() -> list[dict[str, Any]]:
    mc, me = "memory_checkpoint", "memory_engine"
    return [
        case("Parquet export: core and debug tables apart", t(mc, "test_export_writes_core_and_debug_separately"), "parquet_export", {"event": SIMPLE_EVENT}, parquet_export()),
        case("Parquet preload: core tables only", t(mc, "test_preload_imports_only_core_tables"), "parquet_preload", {"event": SIMPLE_EVENT, "source": "core"}, parquet_preload("core")),
        case("Parquet preload without memory_schema_meta.parquet: refused", OURS, "parquet_preload", {"event": SIMPLE_EVENT, "source": "debug"}, parquet_preload("debug")),
        case("Parquet preload of another schema version: refused", OURS, "parquet_preload", {"event": SIMPLE_EVENT, "source": "other-schema"}, parquet_preload("other-schema")),
        policy_case("online mode: one policy update per event", t(me, "test_online_mode_triggers_policy_update_per_event"), "online", 2, [1.0]),
        policy_case("micro_batch mode: update after batch_size events", t(me, "test_micro_batch_mode_triggers_policy_update_by_threshold"), "micro_batch", 2, [1.0, 2.0]),
        policy_case("online mode, three events", OURS, "online", 8, [1.0, 2.0, 3.0]),
        policy_case("micro_batch: five events in batches of two", OURS, "micro_batch", 2, [1.0, 2.0, 3.0, 4.0, 5.0]),
        policy_case("micro_batch: the window elapses before the batch fills", OURS, "micro_batch", 8, [10.0, 200.0, 400.0, 450.0], window_s=300),
        policy_case("micro_batch: the pending events go to the policy at the checkpoint", OURS, "micro_batch", 8, [1.0, 2.0, 3.0], checkpoint=True),
        policy_case("online: nothing pending at the checkpoint", OURS, "online", 8, [1.0], checkpoint=True),
    ]


class _PolicySpy:
    """Counts policy updates, as lb's own test does."""

    def __init__(self) -> None:
        self.calls: dict[str, Any] = {"online": 0, "batch": 0, "batch_sizes": []}

    def choose_batch(self, *, candidates: Any, desired_size: int) -> Any:
        return candidates[:desired_size]

    def update_online(self, event: ExecutionEvent) -> None:
        self.calls["online"] += 1

    def update_batch(self, events: list[ExecutionEvent]) -> None:
        self.calls["batch"] += 1
        self.calls["batch_sizes"].append(len(events))


class _Clock:
    """lb's engine reads time.time() once when built and once per micro_batch event."""

    def __init__(self, times: list[float]) -> None:
        self._times = [0.0, *times]

    def time(self) -> float:
        return self._times.pop(0)


def policy_case(case_id: str, lb_test: str, mode: str, batch_size: int, event_times: list[float], *, window_s: int = 300, checkpoint: bool = False) -> dict[str, Any]:
    """Engine built at t=0; event i (SIMPLE_EVENT at rate 10 * (i + 1)) ingested at event_times[i]."""
    from lb_plugins.plugins.peva_faas.services import memory_engine

    policy = _PolicySpy()
    saved = memory_engine.time
    memory_engine.time = _Clock(event_times)  # type: ignore[assignment]
    try:
        with tempfile.TemporaryDirectory() as tmp:
            store = DuckDBMemoryStore(Path(tmp) / "memory.duckdb", SCHEMA)
            engine = InProcessMemoryEngine(mode=mode, batch_size=batch_size, batch_window_s=window_s, store=store, cache=TensorCache(), policy=policy)  # type: ignore[arg-type]
            engine.startup()
            for i, _ in enumerate(event_times):
                engine.ingest_event(event_of({**SIMPLE_EVENT, "config_pairs": [["a", 10 * (i + 1)]]}))
            if checkpoint:
                engine.checkpoint()
            store.close()
    finally:
        memory_engine.time = saved
    inp = {"mode": mode, "batch_size": batch_size, "window_s": window_s, "event_times": event_times, "checkpoint": checkpoint, "event": SIMPLE_EVENT}
    return case(case_id, lb_test, "policy_updates", inp, policy.calls)


def build_hash() -> list[dict[str, Any]]:
    return hash_cases()


def build_memory() -> list[dict[str, Any]]:
    return schema_cases() + event_cases() + checkpoint_cases()
