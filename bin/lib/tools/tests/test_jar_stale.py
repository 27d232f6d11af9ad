"""bin/lib/jar-stale.sh: the launchers rebuild a jar that is missing or older than a source file, pom or resource."""

import os
import shutil
import subprocess
import tempfile
import unittest
from pathlib import Path

SCRIPT = Path(__file__).resolve().parents[2] / "jar-stale.sh"


class JarStaleTest(unittest.TestCase):
    def setUp(self):
        self.tmp = Path(tempfile.mkdtemp(prefix="qsweep-jar-stale-test-"))
        self.src = self.tmp / "src" / "main"
        (self.src / "java" / "a").mkdir(parents=True)
        (self.src / "resources").mkdir()
        self.java = self.src / "java" / "a" / "A.java"
        self.resource = self.src / "resources" / "r.yaml"
        self.pom = self.tmp / "pom.xml"
        self.notes = self.src / "java" / "a" / "notes.txt"
        for f in (self.java, self.resource, self.pom, self.notes):
            f.write_text("x")
            self._age(f, 100)
        self.jar = self.tmp / "app.jar"
        self.jar.write_text("jar")
        self._age(self.jar, 50)

    def tearDown(self):
        shutil.rmtree(self.tmp)

    @staticmethod
    def _age(path: Path, seconds: int):
        t = os.stat(path).st_mtime - seconds
        os.utime(path, (t, t))

    def _stale(self, *paths) -> bool:
        args = [str(self.jar)] + [str(p) for p in (paths or (self.src, self.pom, self.tmp / "missing"))]
        rc = subprocess.run(["bash", "-c", f'. "{SCRIPT}"; jar_stale "$@"', "jar_stale", *args]).returncode
        self.assertIn(rc, (0, 1))
        return rc == 0

    def test_a_jar_newer_than_every_source_is_current(self):
        self.assertFalse(self._stale())

    def test_a_missing_jar_is_stale(self):
        self.jar.unlink()
        self.assertTrue(self._stale())

    def test_a_newer_java_file_pom_or_resource_makes_it_stale(self):
        for f in (self.java, self.pom, self.resource):
            with self.subTest(changed=f.name):
                os.utime(f)  # now: newer than the jar
                self.assertTrue(self._stale())
                self._age(f, 100)
                self.assertFalse(self._stale())

    def test_other_files_do_not(self):
        os.utime(self.notes)
        self.assertFalse(self._stale())

    def test_only_missing_source_paths_mean_current(self):
        self.assertFalse(self._stale(self.tmp / "nothing-here"))


if __name__ == "__main__":
    unittest.main()
