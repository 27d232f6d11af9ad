"""mlflow_checks.py: the sweep's shape in MLflow (one parent, one nested child per configuration, no duplicates),
checked against an in-memory stand-in for the REST client."""

import unittest

from qsweep_tools import mlflow_checks as mc

SWEEP = "0123456789abcdef"
KEYS = {"k1", "k2", "k3"}


def run(run_id, role, key=None, parent=None, status="FINISHED", lifecycle="active", metrics=None, sweep=SWEEP):
    tags = {mc.SWEEP_ID: sweep, mc.ROLE: role, mc.RUN_NAME: run_id}
    if key:
        tags[mc.CONFIG_KEY] = key
    if parent:
        tags[mc.PARENT] = parent
    return mc.Run(run_id, run_id, status, lifecycle, tags, {"alpha": "0.1"}, metrics or {"iqm_return": 1.0})


class FakeClient:
    def __init__(self, runs, experiments=("exp",)):
        self._runs = runs
        self._experiments = experiments
        self.filters = []

    def experiment_id(self, name):
        return "7" if name in self._experiments else None

    def runs(self, experiment_id, filter_string=""):
        self.filters.append(filter_string)
        return [r for r in self._runs if f"'{r.tags[mc.SWEEP_ID]}'" in filter_string]


def good():
    return [run("p", "sweep")] + [run(f"c-{k}", "config", k, parent="p") for k in sorted(KEYS)]


class CheckSweepTest(unittest.TestCase):
    def test_the_expected_shape_passes(self):
        client = FakeClient(good() + [run("other", "sweep", sweep="ffffffffffffffff")])
        problems, facts = mc.check_sweep(client, "exp", SWEEP, KEYS)
        self.assertEqual(problems, [])
        self.assertEqual(facts["parent"].run_id, "p")
        self.assertEqual(set(facts["children"]), KEYS)
        self.assertEqual(facts["total"], 4)
        self.assertIn(f"tags.`{mc.SWEEP_ID}` = '{SWEEP}'", client.filters)

    def test_a_duplicate_configuration_run_fails(self):
        problems, _ = mc.check_sweep(FakeClient(good() + [run("dup", "config", "k2", parent="p")]), "exp", SWEEP,
                                     KEYS)
        self.assertIn("duplicate configuration runs: {'k2': 2}", problems)

    def test_a_second_parent_fails(self):
        problems, _ = mc.check_sweep(FakeClient(good() + [run("p2", "sweep")]), "exp", SWEEP, KEYS)
        self.assertTrue(any(p.startswith("2 parent runs") for p in problems), problems)

    def test_missing_and_extra_configurations_fail(self):
        runs = [r for r in good() if r.run_id != "c-k3"] + [run("c-zz", "config", "zz", parent="p")]
        problems, _ = mc.check_sweep(FakeClient(runs), "exp", SWEEP, KEYS)
        self.assertIn("1 configurations without a run: ['k3']", problems)
        self.assertIn("1 configuration runs for keys not in the sweep: ['zz']", problems)

    def test_unfinished_deleted_or_unnested_runs_fail(self):
        runs = good()
        runs[1] = run("c-k1", "config", "k1", parent="p", status="RUNNING")
        runs[2] = run("c-k2", "config", "k2", parent="p", status="FAILED")
        runs[3] = run("c-k3", "config", "k3", parent="elsewhere", lifecycle="deleted")
        problems, _ = mc.check_sweep(FakeClient(runs), "exp", SWEEP, KEYS)
        text = " | ".join(problems)
        self.assertIn("status RUNNING", text)
        self.assertIn("status FAILED", text)
        self.assertIn("lifecycle deleted", text)
        self.assertIn("not the parent p", text)

    def test_a_missing_experiment_fails(self):
        problems, facts = mc.check_sweep(FakeClient(good()), "nope", SWEEP, KEYS)
        self.assertEqual(problems, ["experiment 'nope' does not exist"])
        self.assertEqual(facts, {})


class CompareMetricsTest(unittest.TestCase):
    def test_equal_metrics_pass_and_wall_times_are_ignored(self):
        a = {"k": run("a", "config", "k", metrics={"iqm_return": 1.5, "run_seconds": 3.0})}
        b = {"k": run("b", "config", "k", metrics={"iqm_return": 1.5, "run_seconds": 9.0})}
        self.assertEqual(mc.compare_metrics(a, b), [])

    def test_a_different_value_or_metric_set_fails(self):
        a = {"k": run("a", "config", "k", metrics={"iqm_return": 1.5, "ci_low": 1.0})}
        b = {"k": run("b", "config", "k", metrics={"iqm_return": 1.5000000000000002})}
        problems = mc.compare_metrics(a, b)
        self.assertIn("config k: metric names differ: ['ci_low']", problems)
        self.assertIn("config k: metric iqm_return 1.5 != 1.5000000000000002", problems)

    def test_nothing_in_common_fails(self):
        self.assertEqual(mc.compare_metrics({"a": run("a", "config", "a")}, {"b": run("b", "config", "b")}),
                         ["no configuration in common"])


if __name__ == "__main__":
    unittest.main()
