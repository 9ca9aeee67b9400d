"""The inventory of lb's peva_faas unit suite: every test file and its test functions.

test/conformance/coverage.conformance.ts checks that each file is covered by fixture cases or
listed with the reason it has no lb-web counterpart, so a test file lb adds cannot go unnoticed.
"""

from __future__ import annotations

import re

import common
from common import case

TEST_DIR = "tests/unit/lb_plugins/peva_faas"
TEST_DEF = re.compile(r"^(?:    )?def (test_\w+)\(", re.M)
TEST_CLASS = re.compile(r"^class (Test\w+)", re.M)


def build() -> list[dict]:
    cases = []
    for path in sorted((common.LB_ROOT / TEST_DIR).glob("test_*.py")):
        text = path.read_text(encoding="utf-8")
        tests = sorted(set(TEST_DEF.findall(text)))
        cases.append(case(path.name, "ours", "test_file", {"path": f"{TEST_DIR}/{path.name}"}, {"tests": tests}))
    return cases
