"""`wirecoder watch FOLDER --db DB --alerts alerts.jsonl` as a background process: a file dropped into the folder
is coded within one polling interval, the planted escalation's alert is written with its evidence, SIGTERM stops
it cleanly, and a restart (the docs/watch.md example block, run line by line) codes nothing again."""
from __future__ import annotations

import datetime as dt
import json
import os
import queue
import random
import shlex
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

from wirecoder.store import open_store
from wirecoder.synthetic import series_events, write_events

REPO = Path(__file__).resolve().parents[1]
INTERVAL = 2.0

# Two wire stories written for this test: Russian and Ukrainian forces fighting, in the week of 2024-06-03.
ESCALATION = [
    {"id": "ua-1", "published": "2024-06-05", "title": "Fighting near Bakhmut",
     "text": "KYIV (Reuters) - Ukrainian troops fought Russian forces near Bakhmut, Ukraine's military said.\n\n"
             "Ukraine accused Russia of shelling civilians in Kharkiv.\n\n"
             "Russian troops attacked Ukrainian positions near Donetsk."},
    {"id": "ru-1", "published": "2024-06-05", "title": "Moscow accuses Kyiv",
     "text": "MOSCOW (Reuters) - Russia accused Ukraine of attacking a border village.\n\n"
             "Russian forces fought Ukrainian troops in the east.\n\n"
             "Ukrainian drones attacked Russian air bases, the Russian defence ministry said."},
]


def _seed(db: Path) -> None:
    """A year of quiet Russia–Ukraine weeks (mean Goldstein about +3) ending the week before the stories."""
    rng = random.Random(3)
    events = series_events("RU", False, rng, weeks=52, codes=("RUS", "UKR"), latest=dt.date(2024, 5, 27),
                           baseline=3.0)
    with open_store(db) as store:
        write_events(store, events)


def _cli(line: str) -> list[str]:
    words = shlex.split(line)
    assert words[0] == "wirecoder"
    return [sys.executable, "-m", "wirecoder", *words[1:]]


def _env() -> dict:
    return {**os.environ, "PYTHONPATH": os.pathsep.join([str(REPO), os.environ.get("PYTHONPATH", "")])}


def _drop(folder: Path, name: str, record: dict) -> None:
    """Write under a hidden name, then rename: the watcher never sees a half-written file."""
    tmp = folder / f".{name}.part"
    tmp.write_text(json.dumps(record), encoding="utf-8")
    tmp.rename(folder / name)


def _doc_example() -> list[str]:
    text = (REPO / "docs" / "watch.md").read_text(encoding="utf-8")
    block = text.split("<!-- example: run by tests/test_watch_cli.py -->", 1)[1].split("```bash", 1)[1]
    return [line.split("  #", 1)[0].strip() for line in block.split("```", 1)[0].splitlines() if line.strip()]


def test_watch_in_background_codes_a_dropped_file_alerts_and_restarts_without_duplicates(tmp_path):
    inbox, db, alerts = tmp_path / "inbox", tmp_path / "news.duckdb", tmp_path / "alerts.jsonl"
    inbox.mkdir()
    _seed(db)
    process = subprocess.Popen(
        _cli(f"wirecoder watch inbox/ --db news.duckdb --alerts alerts.jsonl --interval {INTERVAL:g}"),
        cwd=tmp_path, env=_env(), stderr=subprocess.PIPE, text=True)
    lines: queue.Queue = queue.Queue()
    threading.Thread(target=lambda: [lines.put(x) for x in iter(process.stderr.readline, "")], daemon=True).start()
    log: list[str] = []

    def wait_for(text: str, until: float) -> float | None:
        """Read the log until a line starting with ``text`` (None at the deadline: never blocks past it)."""
        while time.monotonic() < until:
            try:
                line = lines.get(timeout=max(0.01, until - time.monotonic()))
            except queue.Empty:
                return None
            log.append(line)
            if line.startswith(text):
                return time.monotonic()
        return None

    try:
        # The first line says what is watched: the model is loaded by then.
        assert wait_for("watching", time.monotonic() + 180), "".join(log)
        time.sleep(INTERVAL)  # let the first (empty) pass run
        dropped = time.monotonic()
        _drop(inbox, "fighting.json", ESCALATION[0])
        _drop(inbox, "moscow.json", ESCALATION[1])
        # Picked up at the next poll (within one interval); coding two stories may take a while on a busy machine.
        stored_at = wait_for("watch: inbox/: ", dropped + INTERVAL + 120)
        assert stored_at is not None, "".join(log)
        assert wait_for("ALERT escalation: dyad RUS – UKR", time.monotonic() + 30), "".join(log)
    finally:
        process.send_signal(signal.SIGTERM)
        process.wait(timeout=60)
    time.sleep(0.2)
    while not lines.empty():
        log.append(lines.get())
    rest = "".join(log)
    assert process.returncode == 0, rest
    assert "SIGTERM: stopping" in rest and "2 article(s) stored" in rest.splitlines()[-1]
    written = [json.loads(line) for line in alerts.read_text().splitlines()]
    shift = next(a for a in written if a["key"] == "goldstein:dyad:RUS|UKR:week:2024-06-03")
    assert shift["direction"] == "escalation" and shift["latest"]["mean_goldstein"] < -3
    assert {e["article_id"] for e in shift["evidence"]} == {"ua-1", "ru-1"}
    assert all(e["sentence"] and e["goldstein"] < 0 for e in shift["evidence"])

    # The docs' example, run as written: a restart codes nothing, announces nothing again, stats shows the source.
    outputs = []
    for line in _doc_example():
        result = subprocess.run(_cli(line), cwd=tmp_path, env=_env(), capture_output=True, text=True, timeout=300)
        assert result.returncode == 0, (line, result.stderr)
        outputs.append(result)
    watch, listed, stats = outputs
    assert "0 article(s) stored" in watch.stderr and "0 new alert(s)" in watch.stderr
    assert len(alerts.read_text().splitlines()) == len(written)
    assert "goldstein:dyad:RUS|UKR:week:2024-06-03" in {a["key"] for a in json.loads(listed.stdout)}
    assert f"{inbox.resolve()} (folder)" in stats.stdout and "2 stored, 0 error(s)" in stats.stdout
    with open_store(db, read_only=True) as store:
        assert store.con.execute("SELECT count(*) FROM articles WHERE id IN ('ua-1', 'ru-1')").fetchall()[0][0] == 2
