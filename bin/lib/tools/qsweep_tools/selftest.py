"""Runs the unit tests of these tools (``bin/lib/tools/tests/test_*.py``, standard ``unittest``) and reports each test as
``PASS tools: <test>`` or ``FAIL tools: <test>: <reason>``, then ``N passed, N failed`` (the protocol of bin/test's
non-JUnit parts). A skipped test counts as failed: nothing here may silently not run."""

from __future__ import annotations

import sys
import traceback
import unittest
from pathlib import Path


class PassFail(unittest.TestResult):
    def __init__(self):
        super().__init__()
        self.passed = 0
        self.failed = 0

    @staticmethod
    def _name(test) -> str:
        return test.id().removeprefix("tests.")

    def addSuccess(self, test):
        self.passed += 1
        print(f"PASS tools: {self._name(test)}", flush=True)

    def _fail(self, test, reason: str):
        self.failed += 1
        print(f"FAIL tools: {self._name(test)}: {reason}", flush=True)

    def addFailure(self, test, err):
        self._fail(test, str(err[1]).strip().replace("\n", " | ")[:500])

    def addError(self, test, err):
        tb = "".join(traceback.format_exception(*err)).strip().splitlines()
        self._fail(test, " | ".join(tb[-3:])[:500])

    def addSkip(self, test, reason):
        self._fail(test, f"skipped ({reason})")

    def addExpectedFailure(self, test, err):
        self._fail(test, "expected failure")

    def addUnexpectedSuccess(self, test):
        self._fail(test, "unexpected success")


def main() -> int:
    tools = Path(__file__).resolve().parents[1]
    suite = unittest.defaultTestLoader.discover(str(tools / "tests"), top_level_dir=str(tools))
    result = PassFail()
    suite.run(result)
    if result.testsRun == 0:
        result._fail(unittest.FunctionTestCase(lambda: None, description="discovery"), "no tests found")
    print(f"{result.passed} passed, {result.failed} failed", flush=True)
    return 1 if result.failed else 0


if __name__ == "__main__":
    sys.exit(main())
