"""Writes test/conformance/fixtures/*.json: lb's own outputs for inputs from lb's unit tests (and a few of ours).

Usage: python scripts/lb-fixtures/generate.py [LB_SRC]   (or LB_SRC=/path/to/lb python …)

LB_SRC is a checkout of linux-benchmark-lib; its packages are imported from there, nothing of lb is
copied into this repository. The output is deterministic (sorted keys, fixed seeds, no clocks or
temp paths), so running it again on the same lb commit gives byte-identical files.
"""

from __future__ import annotations

import logging
import os
import subprocess
import sys
from pathlib import Path

# No __pycache__ next to the scripts (or inside the lb checkout): nothing to commit or clean.
sys.dont_write_bytecode = True

HERE = Path(__file__).resolve().parent
REPO = HERE.parents[1]
OUT = REPO / "test" / "conformance" / "fixtures"


def lb_source() -> Path:
    raw = sys.argv[1] if len(sys.argv) > 1 else os.environ.get("LB_SRC")
    if not raw:
        sys.exit("usage: generate.py <path to an lb checkout>   (or set LB_SRC)")
    root = Path(raw).resolve()
    if not (root / "lb_plugins" / "plugins" / "peva_faas" / "config.py").exists():
        sys.exit(f"{root} is not an lb checkout (lb_plugins/plugins/peva_faas/config.py is missing)")
    return root


def lb_commit(root: Path) -> str:
    """The checkout's commit; a plain export (no .git) may name it in LB_COMMIT."""
    if os.environ.get("LB_COMMIT"):
        return os.environ["LB_COMMIT"]
    try:
        return subprocess.run(["git", "-C", str(root), "rev-parse", "HEAD"], capture_output=True, text=True, check=True).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return "unknown"


def main() -> None:
    root = lb_source()
    sys.path.insert(0, str(root))
    sys.path.insert(0, str(HERE))
    # lb's config reads these as fallbacks; a developer's shell must not leak into the fixtures.
    for key in [k for k in os.environ if k.startswith(("LB_GRAFANA_", "LB_LOKI_", "LB_RUN_"))]:
        del os.environ[key]

    # lb logs expected failures (e.g. an invalid index.csv case) as warnings; they are fixture data here.
    logging.disable(logging.CRITICAL)
    import common

    common.LB_ROOT = root
    import fixture_io
    import cases_config
    import cases_cooldown
    import cases_k6
    import cases_outputs
    import cases_plan
    import cases_policy
    import cases_prometheus
    import cases_rates
    import cases_results
    import cases_scheduler
    import cases_storage
    import cases_urls
    import cases_inventory

    files = {
        "config": cases_config.build,
        "rate-strategies": cases_rates.build,
        "enumeration": cases_plan.build,
        "dominance": cases_scheduler.dominance_cases,
        "scheduler": lambda: [c for c in cases_scheduler.build() if c["kind"] != "dominates"],
        "cooldown": cases_cooldown.build,
        "overload": cases_results.overload_cases,
        "result-rows": cases_results.build,
        "output-files": cases_outputs.build,
        "k6-script": cases_k6.build_script_file,
        "k6-summary": cases_k6.build_summary_file,
        "url-resolution": cases_urls.build,
        "prometheus": cases_prometheus.build,
        "config-hash": cases_storage.build_hash,
        "memory-store": cases_storage.build_memory,
        "policy": cases_policy.build,
        "lb-tests": cases_inventory.build,
    }
    commit = lb_commit(root)
    # LB_FIXTURE_AREAS=k6-script,k6-summary regenerates only those files.
    only = {a for a in os.environ.get("LB_FIXTURE_AREAS", "").split(",") if a}
    for name, build in files.items():
        if only and name not in only:
            continue
        cases = build()
        ids = [c["id"] for c in cases]
        dupes = {i for i in ids if ids.count(i) > 1}
        if dupes:
            sys.exit(f"{name}: duplicate case ids {sorted(dupes)}")
        fixture_io.write(OUT / f"{name}.json", {"area": name, "lb_commit": commit, "generator": "scripts/lb-fixtures/generate.py", "cases": cases})
        print(f"{name}.json: {len(cases)} cases")


if __name__ == "__main__":
    main()
