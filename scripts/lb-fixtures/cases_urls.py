"""generator.py: gateway/Prometheus URL resolution ({host.address}, localhost -> k3s_host) and faas-cli replicas."""

from __future__ import annotations

from typing import Any

from common import OURS, case, env, t

from lb_plugins.plugins.peva_faas.config import DfaasConfig
from lb_plugins.plugins.peva_faas.context import ExecutionContext
from lb_plugins.plugins.peva_faas.generator import DfaasGenerator


def resolve(inp: dict[str, Any]) -> dict[str, str]:
    ctx = ExecutionContext(host="node-1", repetition=1, total_repetitions=1, host_address=inp.get("host_address"))
    cfg = DfaasConfig(functions=[{"name": "dummy"}], **inp["config"])
    gen = DfaasGenerator(cfg, execution_context=ctx)
    return {"gateway_url": gen._k6_runner.gateway_url, "prometheus_url": gen._resolve_prometheus_url()}


def url_cases() -> list[dict[str, Any]]:
    u, g = "url_resolution", "grafana_setup"
    tpl = {"prometheus_url": "http://{host.address}:30411", "gateway_url": "http://{host.address}:31112"}
    rows: list[tuple[str, str, dict[str, Any]]] = [
        ("{host.address} becomes k3s_host", t(u, "test_resolve_prometheus_url_uses_k3s_host_template"), {"config": {**tpl, "k3s_host": "10.0.0.99"}}),
        ("localhost becomes k3s_host", t(u, "test_resolve_prometheus_url_replaces_localhost"), {"config": {**tpl, "k3s_host": "192.168.1.50", "prometheus_url": "http://localhost:30411"}}),
        ("other hosts stay", t(u, "test_resolve_prometheus_url_leaves_static_host"), {"config": {**tpl, "k3s_host": "10.0.0.5", "prometheus_url": "http://static-host:9090"}}),
        ("gateway template resolved", t(u, "test_gateway_url_resolves_with_k3s_host"), {"config": {**tpl, "k3s_host": "192.168.1.88"}}),
        ("127.0.0.1 becomes k3s_host", t(g, "test_resolve_prometheus_url_rewrites_localhost"), {"config": {"k3s_host": "10.0.0.5", "prometheus_url": "http://127.0.0.1:30411"}}),
        ("{host.address} in prometheus_url", t(g, "test_resolve_prometheus_url_replaces_host_address"), {"config": {"k3s_host": "192.168.1.50", "prometheus_url": "http://{host.address}:30411"}}),
        ("defaults with the default k3s_host", OURS, {"config": {}}),
        ("defaults with k3s_host set", OURS, {"config": {"k3s_host": "10.1.2.3"}}),
        ("0.0.0.0 becomes k3s_host, path kept", OURS, {"config": {"k3s_host": "10.1.2.3", "prometheus_url": "http://0.0.0.0:9090/prom"}}),
        ("https localhost without port", OURS, {"config": {"k3s_host": "10.1.2.3", "gateway_url": "https://localhost"}}),
        ("empty k3s_host: the run's host address", OURS, {"config": {"k3s_host": ""}, "host_address": "172.16.0.9"}),
    ]
    with env({"LB_RUN_HOST_ADDRESS": ""}):
        return [case(i, lb, "resolve_urls", inp, resolve(inp)) for i, lb, inp in rows]


def replica_cases() -> list[dict[str, Any]]:
    gen = DfaasGenerator(DfaasConfig(functions=[{"name": "figlet"}, {"name": "eat-memory"}]))
    rows: list[tuple[str, str, str, list[str]]] = [
        (
            "REPLICAS column",
            t("generator", "test_get_function_replicas_parses_replicas_column"),
            "NAME IMAGE INVOCATIONS REPLICAS\nfiglet ghcr.io/openfaas/figlet:latest 10 3\neat-memory ghcr.io/openfaas/eat-memory:latest 5 1\n",
            ["figlet", "eat-memory"],
        ),
        ("function not listed: 0", OURS, "Function                        Invocations     Replicas\nfiglet                          0               1\n", ["figlet", "env"]),
        ("NAME header without REPLICAS: its last column", OURS, "NAME IMAGE INVOCATIONS\nfiglet img 7\n", ["figlet"]),
        ("no header: each row's last word", OURS, "figlet img 10 2\nenv img 3 1 9\n", ["figlet", "env"]),
        ("lower-case header, blank lines, CRLF", OURS, "\r\nname   replicas   image\r\n\r\nfiglet 4 img\r\n", ["figlet"]),
        ("not an integer: 0; a later row wins", OURS, "NAME REPLICAS\nfiglet x\nenv 2\nenv 5\n", ["figlet", "env"]),
        ("row shorter than the REPLICAS column", OURS, "NAME IMAGE REPLICAS\nfiglet img\n", ["figlet"]),
        ("empty output", OURS, "", ["figlet"]),
        ("Python int(): sign, underscore, leading zeros", OURS, "NAME REPLICAS\nfiglet +1_0\nenv -3\nnodeinfo 007\n", ["figlet", "env", "nodeinfo"]),
        ("tabs and a float", OURS, "NAME\tREPLICAS\nfiglet\t2\nenv\t1.0\n", ["figlet", "env"]),
    ]
    return [
        case(i, lb, "faas_cli_replicas", {"output": out, "functions": fns}, gen._parse_faas_cli_replicas(out, fns))
        for i, lb, out, fns in rows
    ]


def build() -> list[dict[str, Any]]:
    return url_cases() + replica_cases()
