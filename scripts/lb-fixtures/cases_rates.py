"""strategies/*.py: the rate list of each strategy (random: Python's random.Random(seed).sample)."""

from __future__ import annotations

from typing import Any

from pydantic import TypeAdapter, ValidationError

from common import OURS, case, t

from lb_plugins.plugins.peva_faas.config import RateStrategyUnion

_ADAPTER: TypeAdapter[Any] = TypeAdapter(RateStrategyUnion)


def rates_of(strategy: dict[str, Any]) -> dict[str, Any]:
    try:
        parsed = _ADAPTER.validate_python(strategy)
    except ValidationError as exc:
        return {"ok": False, "errors": [{"loc": [str(p) for p in e["loc"]], "msg": e["msg"]} for e in exc.errors()]}
    return {"ok": True, "strategy": parsed.model_dump(mode="json"), "rates": parsed.generate_rates()}


def description_of(strategy: dict[str, Any]) -> str:
    return _ADAPTER.validate_python(strategy).description()


def rate_case(case_id: str, lb_test: str, strategy: dict[str, Any]) -> dict[str, Any]:
    return case(case_id, lb_test, "rates", {"strategy": strategy}, rates_of(strategy))


def strategy_case(case_id: str, lb_test: str, strategy: dict[str, Any]) -> dict[str, Any]:
    """Parsed fields only: an unseeded random strategy has no reproducible rate list."""
    dumped = _ADAPTER.validate_python(strategy).model_dump(mode="json")
    return case(case_id, lb_test, "strategy", {"strategy": strategy}, dumped)


def description_case(case_id: str, lb_test: str, strategy: dict[str, Any]) -> dict[str, Any]:
    return case(case_id, lb_test, "description", {"strategy": strategy}, description_of(strategy))


def lb_test_cases() -> list[dict[str, Any]]:
    lin, rnd, exp, cus = "TestLinearRateStrategy::", "TestRandomRateStrategy::", "TestExponentialRateStrategy::", "TestCustomRateStrategy::"
    f = "rate_strategies"
    return [
        strategy_case("linear defaults", t(f, lin + "test_default_values"), {"type": "linear"}),
        rate_case("linear default rates", t(f, lin + "test_generate_rates_default"), {"type": "linear"}),
        rate_case("linear 10..50 step 10", t(f, lin + "test_generate_rates_custom"), {"type": "linear", "min_rate": 10, "max_rate": 50, "step": 10}),
        rate_case("linear single value", t(f, lin + "test_generate_rates_single_value"), {"type": "linear", "min_rate": 100, "max_rate": 100, "step": 10}),
        rate_case("linear min > max rejected", t(f, lin + "test_invalid_bounds_rejected"), {"type": "linear", "min_rate": 100, "max_rate": 50, "step": 10}),
        description_case("linear description", t(f, lin + "test_description"), {"type": "linear", "min_rate": 10, "max_rate": 100, "step": 5}),
        strategy_case("random defaults", t(f, rnd + "test_default_values"), {"type": "random"}),
        rate_case("random 1..100 count 5 seed 42", t(f, rnd + "test_generate_rates_count"), {"type": "random", "min_rate": 1, "max_rate": 100, "count": 5, "seed": 42}),
        rate_case("random 1..100 count 10 seed 42", t(f, rnd + "test_generate_rates_sorted"), {"type": "random", "min_rate": 1, "max_rate": 100, "count": 10, "seed": 42}),
        rate_case("random reproducible with seed 42", t(f, rnd + "test_generate_rates_reproducible_with_seed"), {"type": "random", "min_rate": 1, "max_rate": 100, "count": 10, "seed": 42}),
        rate_case("random 1..1000 count 10 seed 1", t(f, rnd + "test_generate_rates_different_without_seed"), {"type": "random", "min_rate": 1, "max_rate": 1000, "count": 10, "seed": 1}),
        rate_case("random 1..1000 count 10 seed 2", t(f, rnd + "test_generate_rates_different_without_seed"), {"type": "random", "min_rate": 1, "max_rate": 1000, "count": 10, "seed": 2}),
        rate_case("random count above range size", t(f, rnd + "test_generate_rates_count_exceeds_range"), {"type": "random", "min_rate": 1, "max_rate": 5, "count": 100, "seed": 42}),
        rate_case("random min > max rejected", t(f, rnd + "test_invalid_bounds_rejected"), {"type": "random", "min_rate": 100, "max_rate": 50}),
        description_case("random description with seed", t(f, rnd + "test_description_with_seed"), {"type": "random", "min_rate": 10, "max_rate": 100, "count": 5, "seed": 42}),
        description_case("random description without seed", t(f, rnd + "test_description_without_seed"), {"type": "random", "min_rate": 10, "max_rate": 100, "count": 5}),
        strategy_case("exponential defaults", t(f, exp + "test_default_values"), {"type": "exponential"}),
        rate_case("exponential default rates", t(f, exp + "test_generate_rates_default"), {"type": "exponential"}),
        rate_case("exponential base 10", t(f, exp + "test_generate_rates_base_10"), {"type": "exponential", "base": 10, "min_power": 0, "max_power": 3}),
        rate_case("exponential capped at 100", t(f, exp + "test_generate_rates_with_max_rate_cap"), {"type": "exponential", "base": 2, "min_power": 0, "max_power": 10, "max_rate": 100}),
        rate_case("exponential powers 3..6", t(f, exp + "test_generate_rates_custom_power_range"), {"type": "exponential", "base": 2, "min_power": 3, "max_power": 6}),
        rate_case("exponential min_power > max_power rejected", t(f, exp + "test_invalid_power_bounds_rejected"), {"type": "exponential", "min_power": 5, "max_power": 3}),
        description_case("exponential description", t(f, exp + "test_description_without_cap"), {"type": "exponential", "base": 2, "min_power": 0, "max_power": 5}),
        description_case("exponential description with cap", t(f, exp + "test_description_with_cap"), {"type": "exponential", "base": 2, "min_power": 0, "max_power": 10, "max_rate": 100}),
        rate_case("custom sorted", t(f, cus + "test_generate_rates"), {"type": "custom", "rates": [50, 10, 100, 25]}),
        rate_case("custom deduplicated", t(f, cus + "test_rates_deduplicated"), {"type": "custom", "rates": [10, 20, 10, 30, 20]}),
        rate_case("custom empty rejected", t(f, cus + "test_empty_rates_rejected"), {"type": "custom", "rates": []}),
        rate_case("custom negative rejected", t(f, cus + "test_negative_rates_rejected"), {"type": "custom", "rates": [10, -5, 20]}),
        description_case("custom description short", t(f, cus + "test_description_short_list"), {"type": "custom", "rates": [1, 5, 10]}),
        description_case("custom description long", t(f, cus + "test_description_long_list"), {"type": "custom", "rates": [1, 5, 10, 20, 50, 100]}),
    ]


def our_cases() -> list[dict[str, Any]]:
    rows: list[tuple[str, dict[str, Any]]] = [
        ("random defaults with seed 0 (lb-web's default seed)", {"type": "random", "seed": 0}),
        ("random 10..100 count 8 seed 123", {"type": "random", "min_rate": 10, "max_rate": 100, "count": 8, "seed": 123}),
        ("random 10..200 count 10 seed 7", {"type": "random", "min_rate": 10, "max_rate": 200, "count": 10, "seed": 7}),
        ("random 0..100000 count 5 seed 99", {"type": "random", "min_rate": 0, "max_rate": 100000, "count": 5, "seed": 99}),
        ("random count = range size - 1", {"type": "random", "min_rate": 1, "max_rate": 10, "count": 9, "seed": 3}),
        ("random count = range size", {"type": "random", "min_rate": 1, "max_rate": 10, "count": 10, "seed": 3}),
        ("random single-value range", {"type": "random", "min_rate": 5, "max_rate": 5, "count": 1, "seed": 3}),
        ("random negative seed", {"type": "random", "min_rate": 1, "max_rate": 50, "count": 4, "seed": -5}),
        ("random seed above 2^32", {"type": "random", "min_rate": 1, "max_rate": 50, "count": 4, "seed": 2**40 + 1}),
        ("linear step larger than range", {"type": "linear", "min_rate": 5, "max_rate": 8, "step": 10}),
        ("linear step not dividing the range", {"type": "linear", "min_rate": 0, "max_rate": 25, "step": 10}),
        ("exponential base 3 powers 0..4", {"type": "exponential", "base": 3, "min_power": 0, "max_power": 4}),
        ("exponential cap below the first power", {"type": "exponential", "base": 2, "min_power": 3, "max_power": 5, "max_rate": 4}),
        ("custom with zero", {"type": "custom", "rates": [0, 5]}),
        ("linear step 0 rejected", {"type": "linear", "step": 0}),
        ("linear negative min rejected", {"type": "linear", "min_rate": -1}),
    ]
    return [rate_case(i, OURS, s) for i, s in rows]


def build() -> list[dict[str, Any]]:
    return lb_test_cases() + our_cases()
