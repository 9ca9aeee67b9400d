"""config.py: parsing, defaults, validation, legacy `rates` migration, YAML config_path."""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from common import OURS, case, deprecations, env, relative_paths, t

from lb_plugins.plugins.peva_faas.config import DfaasConfig, _looks_like_default_queries_path


def parse(kwargs: dict[str, Any]) -> dict[str, Any]:
    """lb's verdict on DfaasConfig(**kwargs): the dumped config, or the validation errors."""
    with deprecations() as warned:
        try:
            cfg = DfaasConfig(**kwargs)
        except ValidationError as exc:
            errors = [{"loc": [str(p) for p in e["loc"]], "msg": e["msg"]} for e in exc.errors()]
            return {"ok": False, "errors": relative_paths(errors)}
    dumped = relative_paths(cfg.model_dump(mode="json"))
    if dumped.get("config_path"):
        dumped["config_path"] = Path(dumped["config_path"]).name
    return {"ok": True, "config": dumped, "deprecation_warnings": warned}


def parse_yaml(yaml_text: str, kwargs: dict[str, Any]) -> dict[str, Any]:
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "peva_faas_config.yml"
        path.write_text(yaml_text)
        return parse({"config_path": str(path), **kwargs})


def parse_case(case_id: str, lb_test: str, kwargs: dict[str, Any], focus: list[str], note: str | None = None):
    """`focus`: the config fields (dotted) this case is about; the TS side compares those, so only they are kept."""
    expected = parse(kwargs)
    if expected["ok"]:
        tops = {f.split(".")[0] for f in focus}
        expected["config"] = {k: v for k, v in expected["config"].items() if k in tops}
    return case(case_id, lb_test, "parse", {"config": kwargs, "focus": focus}, expected, note)


YAML_WITH_COMMON = "\n".join(
    [
        "common:",
        "  timeout_buffer: 5",
        "plugins:",
        "  peva_faas:",
        '    k3s_host: "10.0.0.50"',
        "    functions:",
        '      - name: "figlet"',
        '        method: "POST"',
        '        body: "Hello PEVA-faas!"',
        "        headers:",
        '          Content-Type: "text/plain"',
        "    rate_strategy:",
        '      type: "linear"',
        "      min_rate: 0",
        "      max_rate: 20",
        "      step: 10",
        "    combinations:",
        "      min_functions: 1",
        "      max_functions: 2",
    ]
)

YAML_RANDOM = "\n".join(
    [
        "plugins:",
        "  peva_faas:",
        "    rate_strategy:",
        "      type: random",
        "      min_rate: 10",
        "      max_rate: 100",
        "      count: 8",
        "      seed: 123",
        "    functions:",
        "      - name: test_func",
    ]
)

LB_WEB_FIELDS = [
    "functions",
    "rate_strategy",
    "combinations",
    "duration",
    "iterations",
    "cooldown",
    "overload",
    "gateway_url",
    "prometheus_url",
    "memory",
    "k6_outputs",
    "k6_tags",
]


def yaml_cases() -> list[dict[str, Any]]:
    out = [
        case(
            "config_path YAML: common merged under plugins.peva_faas, kwargs override",
            t("config", "test_config_path_load_with_overrides"),
            "yaml",
            {"yaml": YAML_WITH_COMMON, "overrides": {"rate_strategy": {"type": "linear", "max_rate": 50}}},
            parse_yaml(YAML_WITH_COMMON, {"rate_strategy": {"type": "linear", "max_rate": 50}}),
        ),
        case(
            "config_path YAML: a legacy plugins.dfaas section is ignored",
            t("config", "test_config_path_ignores_legacy_dfaas_plugin_section"),
            "yaml",
            {"yaml": 'plugins:\n  dfaas:\n    k3s_host: "10.0.0.50"', "overrides": {}},
            parse_yaml('plugins:\n  dfaas:\n    k3s_host: "10.0.0.50"', {}),
        ),
        case(
            "config_path YAML: random strategy with seed",
            t("rate_strategies", "TestPevaFaasConfigRateStrategy::test_rate_strategy_from_yaml"),
            "yaml",
            {"yaml": YAML_RANDOM, "overrides": {}},
            parse_yaml(YAML_RANDOM, {}),
        ),
    ]
    return out


def lb_test_cases() -> list[dict[str, Any]]:
    rs = "TestPevaFaasConfigRateStrategy::"
    with env(
        {
            "LB_GRAFANA_ENABLED": "1",
            "LB_GRAFANA_URL": "http://grafana.local:3000",
            "LB_GRAFANA_API_KEY": "token",
            "LB_GRAFANA_ORG_ID": "2",
        }
    ):
        grafana = parse({})
    return [
        parse_case(
            "min_rate > max_rate rejected",
            t("config", "test_invalid_rate_bounds_rejected"),
            {"rate_strategy": {"type": "linear", "min_rate": 20, "max_rate": 10, "step": 10}},
            ["rate_strategy"],
        ),
        parse_case("duration without unit rejected", t("config", "test_invalid_duration_rejected"), {"duration": "30"}, []),
        case(
            "grafana settings from LB_GRAFANA_* env",
            t("config", "test_grafana_env_overrides"),
            "env",
            {
                "env": {
                    "LB_GRAFANA_ENABLED": "1",
                    "LB_GRAFANA_URL": "http://grafana.local:3000",
                    "LB_GRAFANA_API_KEY": "token",
                    "LB_GRAFANA_ORG_ID": "2",
                },
                "config": {},
                "focus": ["grafana"],
            },
            grafana,
        ),
        parse_case("default queries_path", t("config", "test_default_queries_path_is_absolute"), {}, ["queries_path"]),
        case(
            "legacy dfaas queries path is not the default",
            t("config", "test_legacy_dfaas_queries_path_not_considered_default"),
            "default_queries_path",
            {"path": "lb_plugins/plugins/dfaas/queries.yml"},
            _looks_like_default_queries_path(Path("lb_plugins/plugins/dfaas/queries.yml")),
        ),
        parse_case(
            "memory defaults",
            t("config", "test_memory_defaults_use_duckdb_and_core_preload_only"),
            {},
            ["memory.backend", "memory.preload_raw_debug"],
        ),
        parse_case(
            "micro_batch_size 0 rejected",
            t("config", "test_micro_batch_requires_positive_batch_size"),
            {"selection_mode": "micro_batch", "micro_batch_size": 0},
            [],
        ),
        parse_case(
            "algorithm_entrypoint defaults to None",
            t("config", "test_custom_algorithm_entrypoint_is_optional"),
            {},
            ["algorithm_entrypoint"],
        ),
        parse_case("default strategy is linear", t("rate_strategies", rs + "test_default_strategy_is_linear"), {}, ["rate_strategy"]),
        parse_case(
            "linear strategy from dict",
            t("rate_strategies", rs + "test_linear_strategy_from_dict"),
            {"rate_strategy": {"type": "linear", "min_rate": 10, "max_rate": 50, "step": 10}},
            ["rate_strategy"],
        ),
        parse_case(
            "random strategy from dict",
            t("rate_strategies", rs + "test_random_strategy_from_dict"),
            {"rate_strategy": {"type": "random", "min_rate": 10, "max_rate": 100, "count": 5, "seed": 42}},
            ["rate_strategy"],
        ),
        parse_case(
            "exponential strategy from dict",
            t("rate_strategies", rs + "test_exponential_strategy_from_dict"),
            {"rate_strategy": {"type": "exponential", "base": 2, "min_power": 2, "max_power": 5}},
            ["rate_strategy"],
        ),
        parse_case(
            "custom strategy from dict",
            t("rate_strategies", rs + "test_custom_strategy_from_dict"),
            {"rate_strategy": {"type": "custom", "rates": [10, 50, 100]}},
            ["rate_strategy"],
        ),
        parse_case(
            "unknown strategy type rejected",
            t("rate_strategies", rs + "test_invalid_strategy_type_rejected"),
            {"rate_strategy": {"type": "invalid_type"}},
            [],
        ),
        case(
            "legacy rates migrated into linear rate_strategy",
            t("rate_strategies", rs + "test_legacy_rates_migrated_to_strategy"),
            "legacy_rates",
            {"config": {"rates": {"min_rate": 10, "max_rate": 50, "step": 5}}},
            parse({"rates": {"min_rate": 10, "max_rate": 50, "step": 5}}),
        ),
        parse_case(
            "function max_rate below strategy min_rate rejected",
            t("rate_strategies", rs + "test_function_max_rate_validated_against_strategy"),
            {
                "rate_strategy": {"type": "linear", "min_rate": 50, "max_rate": 100},
                "functions": [{"name": "test", "max_rate": 30}],
            },
            [],
        ),
    ]


def legacy_cases() -> list[dict[str, Any]]:
    def legacy(case_id: str, config: dict[str, Any]) -> dict[str, Any]:
        return case(case_id, OURS, "legacy_rates", {"config": config}, parse(config))

    return [
        legacy("legacy rates with every default (0..200 step 10)", {"rates": {}}),
        legacy("legacy rates ignored when rate_strategy is not the default", {
            "rates": {"min_rate": 10, "max_rate": 50, "step": 5},
            "rate_strategy": {"type": "custom", "rates": [1, 2]},
        }),
        legacy("legacy rates migrated when rate_strategy equals the default", {
            "rates": {"min_rate": 5, "max_rate": 15, "step": 5},
            "rate_strategy": {"type": "linear", "min_rate": 0, "max_rate": 200, "step": 10},
        }),
        legacy("legacy rates with max < min rejected", {"rates": {"min_rate": 50, "max_rate": 10}}),
    ]


def our_parse_cases() -> list[dict[str, Any]]:
    fig = [{"name": "figlet"}]
    two = [{"name": "a"}, {"name": "b"}]
    rows: list[tuple[str, dict[str, Any], list[str]]] = [
        ("method is upper-cased", {"functions": [{"name": "f", "method": " post "}]}, ["functions"]),
        ("unknown method rejected", {"functions": [{"name": "f", "method": "FETCH"}]}, []),
        ("duplicate function names rejected", {"functions": [{"name": "f"}, {"name": "f"}]}, []),
        ("empty function name rejected", {"functions": [{"name": ""}]}, []),
        ("empty function list rejected", {"functions": []}, []),
        ("negative function max_rate rejected", {"functions": [{"name": "f", "max_rate": -1}]}, []),
        ("duration is trimmed", {"duration": " 30s "}, ["duration"]),
        ("duration 0s rejected", {"duration": "0s"}, []),
        ("fractional duration rejected", {"duration": "1.5s"}, []),
        ("duration 500ms accepted", {"duration": "500ms"}, ["duration"]),
        ("iterations 0 rejected", {"iterations": 0}, []),
        ("max_functions == min_functions rejected", {"combinations": {"min_functions": 2, "max_functions": 2}}, []),
        (
            "min_functions above the number of functions",
            {"functions": two, "combinations": {"min_functions": 3, "max_functions": 4}},
            ["combinations"],
        ),
        ("fractional linear step", {"rate_strategy": {"type": "linear", "step": 2.5}}, ["rate_strategy"]),
        ("integral float min_rate", {"rate_strategy": {"type": "linear", "min_rate": 10.0}}, ["rate_strategy"]),
        ("numeric string min_rate", {"rate_strategy": {"type": "linear", "min_rate": "10"}}, ["rate_strategy"]),
        ("exponential base 1.5", {"rate_strategy": {"type": "exponential", "base": 1.5}}, ["rate_strategy"]),
        ("exponential base 1", {"rate_strategy": {"type": "exponential", "base": 1}}, []),
        ("exponential max_rate 0", {"rate_strategy": {"type": "exponential", "max_rate": 0}}, ["rate_strategy"]),
        ("exponential max_power 100", {"rate_strategy": {"type": "exponential", "max_power": 100}}, ["rate_strategy"]),
        ("custom rates are sorted and deduplicated", {"rate_strategy": {"type": "custom", "rates": [50, 10, 10]}}, ["rate_strategy"]),
        ("custom rate 2.5", {"rate_strategy": {"type": "custom", "rates": [2.5]}}, ["rate_strategy"]),
        ("random count 0 rejected", {"rate_strategy": {"type": "random", "count": 0}}, []),
        ("random seed as float", {"rate_strategy": {"type": "random", "seed": 1.5}}, ["rate_strategy"]),
        ("cooldown sleep step 2.5", {"cooldown": {"sleep_step_seconds": 2.5}}, ["cooldown"]),
        ("cooldown idle_threshold_pct above 100 rejected", {"cooldown": {"idle_threshold_pct": 101}}, []),
        ("overload replicas threshold 0 rejected", {"overload": {"replicas_overload_threshold": 0}}, []),
        ("overload success rate above 1 rejected", {"overload": {"success_rate_node_min": 1.5}}, []),
        ("memory schema_version other than v1", {"memory": {"schema_version": "peva_faas_mem_v2"}}, ["memory.schema_version"]),
        ("memory db_path with ..", {"memory": {"db_path": "../elsewhere/peva.duckdb"}}, ["memory.db_path"]),
        ("memory backend other than duckdb rejected", {"memory": {"backend": "sqlite"}}, []),
        ("gateway_url that is not a URL", {"gateway_url": "not a url"}, ["gateway_url"]),
        ("gateway_url with {host.address}", {"gateway_url": "http://{host.address}:31112"}, ["gateway_url"]),
        ("k6_tags with a non-string value rejected", {"k6_tags": {"a": 1}}, []),
        ("k6_outputs kept as given", {"k6_outputs": [" json=out.json ", ""]}, ["k6_outputs"]),
        ("openfaas_port equal to prometheus_port rejected", {"openfaas_port": 30411}, []),
        ("unknown keys ignored", {"functions": fig, "no_such_field": 1}, ["functions"]),
        ("headers with a non-string value rejected", {"functions": [{"name": "f", "headers": {"X": 1}}]}, []),
    ]
    return [parse_case(i, OURS, cfg, focus) for i, cfg, focus in rows]


def dump_cases() -> list[dict[str, Any]]:
    """lb writes configs back out with model_dump (journal config_dump); such a dump must parse again."""
    random_cfg = {"functions": [{"name": "a"}, {"name": "b", "max_rate": 50}], "rate_strategy": {"type": "random", "min_rate": 1, "max_rate": 100, "count": 3}}
    out = []
    for case_id, kwargs in (("lb's dump of the default config parses", {}), ("lb's dump of a random-strategy config parses", random_cfg)):
        dump = parse(kwargs)["config"]
        out.append(parse_case(case_id, OURS, dump, LB_WEB_FIELDS))
    return out


def defaults_cases() -> list[dict[str, Any]]:
    defaults = parse({})
    return [
        case(
            "defaults of the fields lb-web has",
            OURS,
            "defaults",
            {"config": {}, "fields": LB_WEB_FIELDS},
            defaults,
        ),
        case(
            "every lb config field has a counterpart",
            OURS,
            "field_coverage",
            {"config": {}},
            sorted(defaults["config"].keys()),
        ),
    ]


def build() -> list[dict[str, Any]]:
    return lb_test_cases() + yaml_cases() + legacy_cases() + our_parse_cases() + dump_cases() + defaults_cases()
