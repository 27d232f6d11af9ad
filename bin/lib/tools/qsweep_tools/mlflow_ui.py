"""Checks, in headless Chromium, that the MLflow UI shows a sweep as a parent run with its configuration runs nested
under it.

The experiment's runs page (``/#/experiments/<id>/runs``, MLflow 3's "Training runs" table) lists top-level runs and
collapses child runs under their parent behind an expander button in the run-name cell. The check:

1. loads the page and waits until the parent run's link is rendered, then reads the table's "N matching runs"
   count, which must equal the experiment's number of runs (the UI counts nested runs too);
2. requires that no child run is shown yet (they are nested, hence collapsed);
3. clicks the parent's expander, like a user would, and waits until a link to every child run is rendered, and every
   child's run name appears in the page text;
4. saves a screenshot and the page text.

MLflow's assistant side panel, if open, is closed first so that the table gets the whole width.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

from . import cdp
from .procs import Processes


def _links_js(run_ids: list[str]) -> str:
    return ("(() => { const ids = " + json.dumps(run_ids) + ";"
            " return ids.filter(id => document.querySelector('a[href$=\"/runs/' + id + '\"]')); })()")


def check(procs: Processes, chromium: str, base_url: str, experiment_id: str, parent_id: str, parent_name: str,
          children: dict[str, str], total_runs: int, screenshot: Path, text_out: Path, profile: Path,
          timeout: float = 90) -> list[str]:
    """``children``: child run id -> run name; ``total_runs``: the experiment's runs (the parent, the configuration
    runs and any replica runs nested under those). Returns problems (empty = pass)."""
    problems: list[str] = []
    page = cdp.start_browser(procs, chromium, profile, 1400, 900, timeout)
    try:
        url = f"{base_url.rstrip('/')}/#/experiments/{experiment_id}/runs"
        page.navigate(url)
        page.wait_js("the parent run in the runs table", _links_js([parent_id]) + ".length === 1", timeout)
        page.evaluate("(() => { const b = document.querySelector("
                      "'[data-component-id=\"mlflow.assistant.chat_panel.close\"]'); if (b) b.click(); "
                      "return !!b; })()")
        count_text = page.wait_js("the matching-runs count",
                                  "(document.body.innerText.match(/(\\d+) matching runs?/) || [null])[0]", timeout)
        n = int(re.match(r"\d+", count_text).group(0))
        if n != total_runs:
            problems.append(f"the UI counts {n} matching runs, the REST API {total_runs}")
        shown_early = page.evaluate(_links_js(list(children)))
        if shown_early:
            problems.append(f"{len(shown_early)} child runs are shown before expanding the parent: not nested")
        clicked = page.evaluate(
            "(() => { const a = document.querySelector('a[href$=\"/runs/" + parent_id + "\"]');"
            " const cell = a && a.closest('[role=gridcell]'); const b = cell && cell.querySelector('button');"
            " if (b) b.click(); return !!b; })()")
        if not clicked:
            problems.append("no expander button in the parent run's row")
        else:
            try:
                page.wait_js("every child run after expanding the parent",
                             _links_js(list(children)) + f".length === {len(children)}", timeout)
            except Exception as e:
                found = page.evaluate(_links_js(list(children))) or []
                problems.append(f"after expanding the parent, {len(found)} of {len(children)} child runs shown ({e})")
        text = page.evaluate("document.body.innerText") or ""
        text_out.parent.mkdir(parents=True, exist_ok=True)
        text_out.write_text(text)
        if parent_name not in text:
            problems.append(f"the parent run name {parent_name!r} is not on the page")
        missing = [name for name in children.values() if name not in text]
        if missing:
            problems.append(f"child run names not on the page: {missing[:5]}")
        page.screenshot(screenshot)
    finally:
        page.close()
        procs.stop("chromium")
    return problems
