"""results.py: counts, merged statistics and the comparison of two outputs, on small hand-made output directories."""

import json
import math
import shutil
import tempfile
import unittest
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

from qsweep_tools import results

REPLICAS = 4
KEYS = ["aaaaaaaaaaaaaaaa", "bbbbbbbbbbbbbbbb"]


def _scores(k: int) -> list[float]:
    return [0.1 * (r + 1) + k for r in range(REPLICAS)]


def write_output(root: Path, chunks_done=(0, 1), mutate=None) -> Path:
    """A two-chunk output (one configuration per chunk) shaped like the Spark job's."""
    (root / "qtables").mkdir(parents=True)
    (root / "summary").mkdir()
    (root / "sweep.json").write_text(json.dumps({
        "sweep_id": "0123456789abcdef", "runs": 2 * REPLICAS, "configs": 2, "chunks": 2, "chunk_configs": 1,
        "replicas": REPLICAS}))
    params = pa.map_(pa.string(), pa.string())
    summary = []
    for c, key in enumerate(KEYS):
        scores = _scores(c)
        runs = [{"config_index": c, "config_key": key, "replica": r, "final_score": scores[r],
                 "params": [("algorithm", "q_learning"), ("gamma", "0.99")], "eval_success_rate": 1.0,
                 "total_steps": 100 + r, "train_seconds": 0.5 + r, "gap": None} for r in range(REPLICAS)]
        s = sorted(scores)
        config = {"config_index": c, "config_key": key, "replicas": REPLICAS, "scores": scores,
                  "score_mean": sum(scores) / REPLICAS, "score_median": (s[1] + s[2]) / 2,
                  "score_iqm": (s[1] + s[2]) / 2, "score_iqm_ci_low": s[0], "score_iqm_ci_high": s[-1],
                  "success_rate": 1.0, "total_steps": sum(100 + r for r in range(REPLICAS)), "run_seconds": 3.0}
        if mutate:
            mutate(c, runs, config)
        for part, rows in (("runs", runs), ("configs", [config])):
            d = root / part / results.chunk_dir(c)
            d.mkdir(parents=True)
            table = pa.Table.from_pylist(rows)
            if part == "runs":
                table = table.set_column(table.schema.get_field_index("params"), "params",
                                         pa.array([r["params"] for r in rows], type=params))
            pq.write_table(table, d / "part-00000.parquet")
            if c in chunks_done:
                (d / "_SUCCESS").write_text("")
        (root / "qtables" / f"{key}.npy").write_bytes(b"\x93NUMPY" + bytes([c]))
        summary.append(dict(config, rank=c + 1))
    pq.write_table(pa.Table.from_pylist(summary), root / "summary" / "configs.parquet")
    (root / "summary" / "summary.json").write_text("{}")
    return root


class ResultsTest(unittest.TestCase):
    def setUp(self):
        self.tmp = Path(tempfile.mkdtemp(prefix="qsweep-results-test-"))

    def tearDown(self):
        shutil.rmtree(self.tmp)

    def test_complete_output_passes_every_check(self):
        out = write_output(self.tmp / "a")
        self.assertEqual(results.complete_chunks(out), [0, 1])
        self.assertEqual(results.check_complete(out), [])
        self.assertEqual(results.check_merged(out), [])
        self.assertEqual(results.compare(out, write_output(self.tmp / "b")), [])

    def test_uncommitted_chunk_is_not_complete(self):
        out = write_output(self.tmp / "a", chunks_done=(1,))
        self.assertEqual(results.complete_chunks(out), [1])
        self.assertIn("chunks: 1 of 2 committed", results.check_complete(out))

    def test_missing_or_duplicate_replica_is_reported(self):
        def drop(c, runs, config):
            if c == 1:
                runs[2]["replica"] = 1  # replica 2 missing, replica 1 twice
        problems = results.check_complete(write_output(self.tmp / "a", mutate=drop))
        self.assertTrue(any("replicas [0, 1, 1, 3]" in p for p in problems), problems)

    def test_merged_statistics_must_match_the_runs(self):
        def skew(c, runs, config):
            if c == 0:
                config["score_mean"] += 1e-6
                config["total_steps"] += 1
        problems = results.check_merged(write_output(self.tmp / "a", mutate=skew))
        self.assertTrue(any("score_mean" in p for p in problems), problems)
        self.assertTrue(any("total_steps" in p for p in problems), problems)

    def test_a_one_ulp_difference_in_a_run_is_a_difference(self):
        def nudge(c, runs, config):
            if c == 1:
                runs[3]["final_score"] = math.nextafter(runs[3]["final_score"], math.inf)
        problems = results.compare(write_output(self.tmp / "a"), write_output(self.tmp / "b", mutate=nudge))
        self.assertTrue(any(p.startswith("runs {'config_key': 'bbbbbbbbbbbbbbbb', 'replica': 3}: final_score")
                            for p in problems), problems)

    def test_wall_times_are_ignored(self):
        def slower(c, runs, config):
            for r in runs:
                r["train_seconds"] *= 3
            config["run_seconds"] = 99.0
        self.assertEqual(results.compare(write_output(self.tmp / "a"), write_output(self.tmp / "b", mutate=slower)),
                         [])

    def test_map_column_order_does_not_matter_but_values_do(self):
        def reorder(c, runs, config):
            for r in runs:
                r["params"] = list(reversed(r["params"]))
        self.assertEqual(results.compare(write_output(self.tmp / "a"), write_output(self.tmp / "b", mutate=reorder)),
                         [])

        def change(c, runs, config):
            runs[0]["params"] = [("algorithm", "sarsa"), ("gamma", "0.99")]
        problems = results.compare(write_output(self.tmp / "c"), write_output(self.tmp / "d", mutate=change))
        self.assertTrue(any("params" in p for p in problems), problems)

    def test_null_and_nan_are_distinct_and_nan_equals_nan(self):
        self.assertEqual(results.canon(float("nan")), results.canon(float("nan")))
        self.assertNotEqual(results.canon(None), results.canon(float("nan")))
        self.assertNotEqual(results.canon(0.0), results.canon(-0.0))

    def test_qtable_bytes_are_compared(self):
        a, b = write_output(self.tmp / "a"), write_output(self.tmp / "b")
        (b / "qtables" / f"{KEYS[0]}.npy").write_bytes(b"\x93NUMPY\x07")
        self.assertEqual(results.compare(a, b), [f"qtables/{KEYS[0]}.npy: contents differ"])

    def test_iqm_is_the_trimmed_mean_qsweep_uses(self):
        self.assertEqual(results._iqm([1, 2, 3, 4]), 2.5)          # drop 1 each side
        self.assertEqual(results._iqm([5, 1, 2, 3, 4, 100, 0]), 3.0)  # n=7: drop int(1.75)=1 each side
        self.assertEqual(results._iqm([1, 2, 3]), 2.0)             # n=3: nothing dropped


if __name__ == "__main__":
    unittest.main()
