"""Reviewing 20 drafts in Chromium, the fastest way a user could: clicks, keystrokes and seconds, before/after.

    .venv/bin/python bench/review_flow.py [--drafts 20] [--before-ref <commit>] [--runs 1]

Seeds the same drafts twice (12 clean, 5 with a warn finding, 3 with a block finding, as
bench/api_load.seed_assets does plus findings), serves the studio in its own process and drives Debian's
Chromium through Playwright to the same end state: every clean and warn draft approved, every block draft
rejected with a reason.

- before: the click-only path of the studio at ``--before-ref`` (default: where this branch left main;
  its code is taken with ``git archive`` into a temporary folder and served from there): open the row,
  click Approve (or click the reason box, type the reason, click Reject), click the Queue tab, next row.
- after: this tree: one click on "Approve N clean item(s)", then the keyboard: ``o`` opens the first
  undecided item, ``a`` approves and the next one opens, ``r`` + reason + Enter rejects and moves on.

Clicks and keystrokes are counted as the script performs them (typing a reason counts one key per
character, in both paths). Seconds are wall-clock from the signed-in queue to the last decision confirmed
on the page: the machine's response time, not a person's reading time.
"""

from __future__ import annotations

import argparse
import io
import json
import os
import re
import subprocess
import sys
import tarfile
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# The studio whose database is seeded and checked: the tree being measured (see ``inner``), or this one.
sys.path.insert(0, os.environ.get("REVIEW_FLOW_TREE", str(ROOT)))

import httpx  # noqa: E402

from bench.api_load import free_port, seed_assets  # noqa: E402

REASON = "Preis ohne MwSt-Hinweis"
PASSWORD = "bench-password"
CHROMIUM = "/usr/bin/chromium"


@dataclass
class Tally:
    clicks: int = 0
    keys: int = 0
    scrolls: int = 0
    seconds: float = 0.0

    def click(self, locator) -> None:
        locator.click()
        self.clicks += 1

    def press(self, page, key: str) -> None:
        page.keyboard.press(key)
        self.keys += 1

    def type(self, page, text: str) -> None:
        page.keyboard.type(text)
        self.keys += len(text)


def seeded_plan(n: int) -> list[str]:
    """What the reviewer does with each of n seeded drafts, in seeding order (see ``seed``)."""
    n_block = max(1, n * 3 // 20)
    return ["reject"] * n_block + ["approve"] * (n - n_block)


def seed(db_url: str, n: int) -> dict[int, str]:
    """n drafts (ids -> what the reviewer will do with it) and a de-DE reviewer 'anna'."""
    from studio.accounts.users import add_user
    from studio.checks.finding import Finding
    from studio.review import records as svc
    from studio.store.database import session_scope
    from studio.store.tables import Asset

    ids = seed_assets(db_url, n, name="Review flow bench")
    n_block, n_warn = max(1, n * 3 // 20), max(1, n * 5 // 20)  # as seeded_plan
    plan = {}
    with session_scope(db_url) as s:
        for i, aid in enumerate(ids):
            asset = s.get(Asset, aid)
            if i < n_block:
                found = [Finding(rule="bench.price", category="price", severity="block", start=0, end=5,
                                 message="price without VAT note")]
            elif i < n_block + n_warn:
                found = [Finding(rule="bench.tone", category="tone", severity="warn", start=0, end=5,
                                 message="tone a bit loud")]
            else:
                found = []
            if found:
                svc.store_findings(s, asset, found)
            plan[aid] = "reject" if i < n_block else "approve"
        add_user(s, "anna", "reviewer", ["de-DE"], PASSWORD)
    return plan


def serve(tree: Path, db_url: str) -> tuple[subprocess.Popen, str]:
    port = free_port()
    code = ("import uvicorn; from studio.server import create_app; "
            f"uvicorn.run(create_app({db_url!r}, start_worker=False), host='127.0.0.1', port={port}, "
            "log_level='warning')")
    env = {**os.environ, "PYTHONPATH": str(tree), "HF_HUB_OFFLINE": "1", "GRADIO_ANALYTICS_ENABLED": "False"}
    proc = subprocess.Popen([sys.executable, "-c", code], cwd=tree, env=env)
    base = f"http://127.0.0.1:{port}"
    deadline = time.time() + 90
    while time.time() < deadline:
        try:
            if httpx.get(base + "/ui/", timeout=2).status_code < 500:
                return proc, base
        except httpx.HTTPError:
            time.sleep(0.2)
    proc.kill()
    raise RuntimeError(f"the studio from {tree} did not start within 90 s")


def sign_in(page, base: str, expect) -> None:
    page.goto(base + "/ui/")
    page.get_by_label("username").fill("anna")
    page.get_by_label("password").fill(PASSWORD)
    page.get_by_role("button", name="Login").click()
    expect(page.locator("#who textarea")).to_have_value(re.compile("Signed in as anna"), timeout=30000)
    expect(page.locator("#queue-table")).to_contain_text("Fjell Trinkflasche", timeout=30000)


def header_is(page, expect, asset_id: int) -> None:
    expect(page.locator("#asset-header textarea")).to_have_value(re.compile(rf"^#{asset_id} "), timeout=30000)


def queue_row(page, t: Tally, asset_id: int):
    """The queue's row for the asset; the table renders only the rows in view, so scroll down to it."""
    row = page.locator("#queue-table").get_by_role("row", name=re.compile(rf"^{asset_id} "))
    for _ in range(20):
        if row.count():
            return row
        page.locator("#queue-table [role=grid]").first.hover()
        page.mouse.wheel(0, 300)
        t.scrolls += 1
        page.wait_for_timeout(100)
    return row


def before_path(page, expect, order: list[int], plan: dict[int, str], loud: set[int]) -> Tally:
    """Click-only: row, decision, back to the queue (the table keeps decided rows until refreshed)."""
    t = Tally()
    decision = page.locator("#decision-msg textarea")
    for n, aid in enumerate(order):
        if n:
            t.click(page.get_by_role("tab", name="Queue"))
        t.click(queue_row(page, t, aid).get_by_role("gridcell").first)
        header_is(page, expect, aid)
        if plan[aid] == "reject":
            t.click(page.get_by_label("Reason / comment for the decision"))
            t.type(page, REASON)
            t.click(page.get_by_role("button", name="Reject"))
            expect(decision).to_have_value(re.compile("✓ rejected"), timeout=30000)
        else:
            t.click(page.get_by_role("button", name="Approve"))
            expect(decision).to_have_value(re.compile("✓ approved"), timeout=30000)
    return t


def after_path(page, expect, order: list[int], plan: dict[int, str], loud: set[int]) -> Tally:
    """Bulk approve the clean drafts, then keys: o, a / r + reason + Enter, the next item opening itself."""
    t = Tally()
    t.click(page.get_by_role("button", name=re.compile(r"^Approve \d+ clean")))
    expect(page.locator("#bulk-msg textarea")).to_have_value(re.compile("✓ approved"), timeout=30000)
    left = [a for a in order if a in loud]  # what bulk approve left: warn and block drafts
    t.press(page, "o")  # focus is on the bulk button, not in a text box: keys act
    decision = page.locator("#decision-msg textarea")
    for aid in left:
        header_is(page, expect, aid)
        if plan[aid] == "reject":
            t.press(page, "r")
            t.type(page, REASON)
            t.press(page, "Enter")
        else:
            t.press(page, "a")
        expect(decision).to_have_value(re.compile(rf"✓ \w+ #{aid} · "), timeout=30000)
    return t


def queue_order(db_url: str) -> tuple[list[int], set[int]]:
    """Ids in the queue's order (block, warn, then clean; oldest first) and those with findings."""
    from sqlmodel import select

    from studio.store.database import session_scope
    from studio.store.tables import Asset

    with session_scope(db_url) as s:
        rows = s.exec(select(Asset.id, Asset.severity_rank).order_by(Asset.severity_rank, Asset.created_at,
                                                                     Asset.id)).all()
    return [r[0] for r in rows], {r[0] for r in rows if r[1] < 2}


def check_end_state(db_url: str, plan: dict[int, str]) -> None:
    from studio.store.database import session_scope
    from studio.store.tables import Asset

    want = {"approve": "approved", "reject": "rejected"}
    with session_scope(db_url) as s:
        wrong = {a: str(s.get(Asset, a).status) for a in plan if str(s.get(Asset, a).status) != want[plan[a]]}
    if wrong:
        raise SystemExit(f"end state differs from the plan: {wrong}")


def run(label: str, tree: Path, path_fn, n: int, workdir: Path) -> Tally:
    from playwright.sync_api import expect, sync_playwright

    db_url = f"sqlite:///{workdir / (label + '.db')}"
    seeded = json.loads(inner(tree, "seed", db_url, n))  # with the measured tree's own code and schema
    plan = {int(k): v for k, v in seeded["plan"].items()}
    order, loud = seeded["order"], set(seeded["loud"])
    server, base = serve(tree, db_url)
    try:
        with sync_playwright() as pw:
            browser = pw.chromium.launch(executable_path=CHROMIUM, args=[
                "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                "--disable-sync", "--no-first-run"])
            page = browser.new_page(viewport={"width": 1400, "height": 1000})
            sign_in(page, base, expect)
            started = time.perf_counter()
            tally = path_fn(page, expect, order, plan, loud)
            tally.seconds = time.perf_counter() - started
            browser.close()
    finally:
        server.terminate()
        server.wait(10)
    inner(tree, "check", db_url, n, json.dumps(plan))
    return tally


def inner(tree: Path, what: str, db_url: str, n: int, plan: str = "") -> str:
    """Seed (or check) the database in a process running the measured tree's studio: the 'before' code
    would refuse a database stamped with a newer migration."""
    env = {**os.environ, "REVIEW_FLOW_TREE": str(tree), "PYTHONPATH": str(tree), "HF_HUB_OFFLINE": "1"}
    done = subprocess.run([sys.executable, __file__, "--inner", what, "--db", db_url, "--drafts", str(n),
                           "--plan", plan], cwd=tree, env=env, capture_output=True, text=True)
    if done.returncode:
        raise SystemExit(f"{what} in {tree} failed:\n{done.stderr[-3000:]}")
    return done.stdout


def extract(ref: str, into: Path) -> Path:
    data = subprocess.run(["git", "archive", ref], cwd=ROOT, check=True, capture_output=True).stdout
    with tarfile.open(fileobj=io.BytesIO(data)) as tar:
        tar.extractall(into, filter="data")
    return into


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--drafts", type=int, default=20)
    ap.add_argument("--before-ref", default=None, help="git ref of the 'before' studio (default: merge-base with main)")
    ap.add_argument("--inner", choices=["seed", "check"], help=argparse.SUPPRESS)
    ap.add_argument("--db", help=argparse.SUPPRESS)
    ap.add_argument("--plan", default="", help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.inner == "seed":
        from studio.store.database import get_sql_engine

        get_sql_engine(args.db)
        plan = seed(args.db, args.drafts)
        order, loud = queue_order(args.db)
        print(json.dumps({"plan": plan, "order": order, "loud": sorted(loud)}))
        return
    if args.inner == "check":
        check_end_state(args.db, {int(k): v for k, v in json.loads(args.plan).items()})
        return
    ref = args.before_ref or subprocess.run(["git", "merge-base", "HEAD", "main"], cwd=ROOT, check=True,
                                            capture_output=True, text=True).stdout.strip()
    os.environ.setdefault("GRADIO_ANALYTICS_ENABLED", "False")
    with tempfile.TemporaryDirectory(prefix="review-flow-") as tmp:
        work = Path(tmp)
        before_tree = extract(ref, work / "before")
        results = {"before": run("before", before_tree, before_path, args.drafts, work),
                   "after": run("after", ROOT, after_path, args.drafts, work)}
    print(f"review {args.drafts} drafts (before = {ref[:10]}, click-only; after = this tree, keys + next + bulk)")
    typing = len(REASON) * sum(v == "reject" for v in seeded_plan(args.drafts))
    print(f"{'path':8} {'clicks':>7} {'keys':>6} {'actions':>8} {'w/o typing':>11} {'scrolls':>8} {'seconds':>8}")
    for name, t in results.items():
        print(f"{name:8} {t.clicks:>7} {t.keys:>6} {t.clicks + t.keys:>8} {t.clicks + t.keys - typing:>11} "
              f"{t.scrolls:>8} {t.seconds:>8.1f}")
    print(f"keys include {len(REASON)} characters of reason per rejected draft in both paths")


if __name__ == "__main__":
    main()
