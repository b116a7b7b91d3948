"""wirecoder watch in process: feeds served by a 127.0.0.1 server these tests start (RSS and Atom that change
between polls, a broken feed, a slow one, a duplicate item), a growing JSONL file, a folder; restarts re-code
nothing; failing sources are named and retried; and the feed parser refuses DTDs."""
from __future__ import annotations

import io
import json
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from wirecoder.feeds import FeedError, parse_feed
from wirecoder.settings import Settings
from wirecoder.sources import parse_source
from wirecoder.store import open_store
from wirecoder.watch import Watcher

STORIES = [
    ("Ghana and Togo agree to reopen border", "Ghana and Togo agreed on Tuesday to reopen their main border crossing."),
    ("Kenya opposition rejects vote count", "Kenya's opposition rejected the official results of the election."),
    ("EU sanctions Belarus officials", "The European Union imposed sanctions on Belarusian officials on Monday."),
    ("India and Japan sign defence pact", "India and Japan signed a defence cooperation agreement in Tokyo."),
]


def rss(items: list[tuple[str, str, str]]) -> bytes:
    body = "".join(f"<item><guid>{guid}</guid><title>{title}</title><link>http://example.org/{guid}</link>"
                   f"<pubDate>Tue, 08 Mar 2011 10:00:00 GMT</pubDate><description>&lt;p&gt;{text}&lt;/p&gt;"
                   f"</description></item>" for guid, title, text in items)
    return f'<?xml version="1.0"?><rss version="2.0"><channel><title>t</title>{body}</channel></rss>'.encode()


def atom(items: list[tuple[str, str, str]]) -> bytes:
    body = "".join(f"<entry><id>urn:{guid}</id><title>{title}</title><link href='http://example.org/{guid}'/>"
                   f"<updated>2011-03-08T10:00:00Z</updated><summary>{text}</summary></entry>"
                   for guid, title, text in items)
    return f'<feed xmlns="http://www.w3.org/2005/Atom"><title>t</title>{body}</feed>'.encode()


class FeedServer:
    """Serves ``pages`` (path -> bytes) on 127.0.0.1; ``/slow.xml`` answers after ``slow`` seconds."""

    def __init__(self) -> None:
        self.pages: dict[str, bytes] = {}
        self.hits: dict[str, int] = {}
        self.slow = 3.0
        server = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self):  # noqa: N802 - http.server's name
                server.hits[self.path] = server.hits.get(self.path, 0) + 1
                if self.path == "/slow.xml":
                    time.sleep(server.slow)
                data = server.pages.get(self.path)
                self.send_response(200 if data is not None else 404)
                self.end_headers()
                try:
                    self.wfile.write(data or b"not found")
                except OSError:
                    pass  # the client gave up (the slow feed)

            def log_message(self, *args):
                pass

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.httpd.daemon_threads = True
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}"
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)
        self.thread.start()

    def close(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()


@pytest.fixture()
def feeds():
    server = FeedServer()
    yield server
    server.close()


def _watcher(specs: list[str], db, **options) -> Watcher:
    sources = [parse_source(s, 60, timeout=0.5, **options) for s in specs]
    return Watcher(sources, str(db), Settings(), log=io.StringIO())


def _stored(db) -> dict[str, int]:
    with open_store(db, read_only=True) as store:
        return dict(store.con.execute("SELECT source, count(*) FROM articles GROUP BY 1").fetchall())


def test_watch_feeds_store_each_new_item_once_and_report_broken_and_slow_ones(feeds, tmp_path):
    db = tmp_path / "feeds.duckdb"
    a = [(f"g{i}", t, x) for i, (t, x) in enumerate(STORIES)]
    feeds.pages["/rss.xml"] = rss(a[:2] + [a[0]])               # the first item twice (same guid)
    feeds.pages["/atom.xml"] = atom([("a1", "Kenya", STORIES[1][1])])
    feeds.pages["/broken.xml"] = b"<rss><channel><item><title>cut off"
    feeds.pages["/slow.xml"] = rss(a[3:])
    specs = [f"{feeds.url}/{name}" for name in ("rss.xml", "atom.xml", "broken.xml", "slow.xml")]
    watcher = _watcher(specs, db)
    watcher.run_pass(force=True)
    rss_url, atom_url, broken_url, slow_url = specs
    # The Atom item has the same text as the RSS one ("Kenya" title differs): its own article, the title composes.
    assert _stored(db) == {rss_url: 2, atom_url: 1}
    log = watcher.log.getvalue()
    assert f"{broken_url}: not a readable RSS or Atom feed" in log and f"{slow_url}: could not fetch" in log
    assert watcher.summary.source_failures == 2
    with open_store(db, read_only=True) as store:
        rows = {r[0]: r[1:] for r in store.con.execute(
            "SELECT source, items_seen, articles_stored, errors, failures, last_error FROM sources").fetchall()}
        url, published, headline = store.con.execute(
            "SELECT url, published_date, headline FROM articles WHERE source = ? ORDER BY line LIMIT 1",
            [rss_url]).fetchall()[0]
    assert rows[rss_url][:4] == (2, 2, 0, 0) and rows[broken_url][3] == 1 and "not a readable" in rows[broken_url][4]
    assert url == "http://example.org/g0" and str(published) == "2011-03-08" and headline == STORIES[0][0]

    # The feed changes: one new item. Only it is coded; a new watcher (a restart) then codes nothing.
    feeds.pages["/rss.xml"] = rss(a[:3])
    feeds.pages["/broken.xml"] = rss([])  # repaired, and empty
    watcher.run_pass(force=True)
    assert _stored(db) == {rss_url: 3, atom_url: 1}
    assert f"{broken_url}: read again after 1 failure(s)" in watcher.log.getvalue()
    restarted = _watcher(specs[:3], db)
    restarted.run_pass(force=True)
    assert restarted.summary.articles == 0 and restarted.summary.skipped == 0  # item ids: not even re-read
    assert _stored(db) == {rss_url: 3, atom_url: 1}


def test_watch_failing_source_backs_off_and_never_stops_the_others(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "ghana.txt").write_text(STORIES[0][0] + "\n\nACCRA (Reuters) - " + STORIES[0][1] + "\n")
    time.sleep(0.6)  # older than the settle time: a file still being written waits for the next poll
    watcher = _watcher([str(tmp_path / "missing"), str(folder)], tmp_path / "w.duckdb")
    watcher.run_pass(force=True)
    missing, good = watcher.schedule
    assert missing.failures == 1 and good.failures == 0 and watcher.summary.articles == 1
    assert missing.due - time.monotonic() > 60  # backoff: twice the interval after the first failure
    watcher.run_pass(force=True)
    assert missing.failures == 2 and missing.due - time.monotonic() > 180


def test_watch_tails_a_growing_jsonl_file_by_offset(tmp_path):
    path = tmp_path / "wire.jsonl"
    line = '{{"id": "s{0}", "title": "{1}", "text": "{2}", "published": "2011-03-08"}}\n'
    path.write_text(line.format(0, *STORIES[0]) + line.format(1, *STORIES[1])[:30])  # the 2nd line is half-written
    db = tmp_path / "t.duckdb"
    watcher = _watcher([str(path)], db)
    watcher.run_pass(force=True)
    assert watcher.summary.articles == 1
    with path.open("a") as fh:
        fh.write(line.format(1, *STORIES[1])[30:] + "not json\n")
    watcher.run_pass(force=True)
    assert watcher.summary.articles == 2 and watcher.summary.errors == 1
    with open_store(db, read_only=True) as store:
        lines = store.con.execute("SELECT id, line FROM articles ORDER BY line").fetchall()
        errors = store.con.execute("SELECT line, code FROM errors").fetchall()
        state = store.con.execute("SELECT state FROM sources").fetchall()[0][0]
    assert lines == [("s0", 1), ("s1", 2)] and errors == [(3, "E004")]
    assert f'"offset": {path.stat().st_size}' in state
    restarted = _watcher([str(path)], db)
    restarted.run_pass(force=True)
    assert restarted.summary.articles == 0 and restarted.summary.skipped == 0 and restarted.summary.errors == 0


def test_feed_parser_refuses_dtds_and_reads_rss_1():
    bomb = b'<?xml version="1.0"?><!DOCTYPE r [<!ENTITY a "aaaa"><!ENTITY b "&a;&a;&a;">]><rss>&b;</rss>'
    with pytest.raises(FeedError, match="DTD"):
        parse_feed(bomb, "bomb.xml")
    rdf = (b'<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns="http://purl.org/rss/1.0/">'
           b'<item rdf:about="http://x/1"><title>T</title><link>http://x/1</link>'
           b'<description>Body &amp; more</description></item></rdf:RDF>')
    items = parse_feed(rdf, "rdf.xml")
    assert [(i.id, i.title, i.text) for i in items] == [("http://x/1", "T", "Body & more")]
    with pytest.raises(FeedError, match="not an RSS or Atom feed"):
        parse_feed(b"<html><body>hi</body></html>", "page.html")


def test_watch_fetches_item_pages_only_with_the_flag(feeds, tmp_path):
    page = ("<html><head><title>Ghana and Togo reopen border</title></head><body><article>"
            "<h1>Ghana and Togo reopen border</h1><p>ACCRA (Reuters) - Ghana and Togo reopened their main border "
            "crossing at Aflao on Wednesday, ending a two-week closure that had stranded hundreds of traders.</p>"
            "<p>Togo's government said it would deploy 40 more customs officers to the post.</p></article></body></html>")
    feeds.pages["/story/1.html"] = page.encode()
    feeds.pages["/gone.xml"] = rss([("p1", "Ghana and Togo reopen border", "Short teaser.")]).replace(
        b"http://example.org/p1", f"{feeds.url}/story/1.html".encode())
    url = f"{feeds.url}/gone.xml"
    plain = _watcher([url], tmp_path / "plain.duckdb")
    plain.run_pass(force=True)
    assert feeds.hits.get("/story/1.html") is None  # no flag: the page is never requested
    fetched = _watcher([url], tmp_path / "pages.duckdb", fetch_pages=True)
    fetched.run_pass(force=True)
    assert feeds.hits["/story/1.html"] == 1
    with open_store(tmp_path / "plain.duckdb", read_only=True) as store:
        assert store.con.execute("SELECT text FROM articles").fetchall()[0][0].endswith("Short teaser.")
    with open_store(tmp_path / "pages.duckdb", read_only=True) as store:
        text, link = store.con.execute("SELECT text, url FROM articles").fetchall()[0]
    assert "40 more customs officers" in text and link == f"{feeds.url}/story/1.html"


def test_watch_announces_each_alert_once_to_file_and_command(tmp_path):
    from wirecoder.synthetic import plant
    from wirecoder.watch import WatchOptions

    db, inbox, out, hooked = tmp_path / "a.duckdb", tmp_path / "inbox", tmp_path / "alerts.jsonl", tmp_path / "hook"
    inbox.mkdir()
    with open_store(db) as store:
        plant(store, planted=1, quiet=5, seed=17)
    hook = f"{sys.executable} -c \"import sys, pathlib; pathlib.Path(sys.argv[1]).write_text(sys.stdin.read())\" {hooked}"
    options = WatchOptions(alerts=True, alerts_file=str(out), alert_command=hook)
    for _ in range(2):  # the second watcher (a restart) announces nothing again
        Watcher([parse_source(str(inbox), 60)], str(db), Settings(), options, log=io.StringIO()).run(once=True)
    written = [json.loads(line) for line in out.read_text().splitlines()]
    assert {a["key"] for a in written} >= {"goldstein:dyad:P000A|P000B:week:2024-06-03"}
    assert len(written) == len({a["key"] for a in written})
    assert json.loads(hooked.read_text())["key"] in {a["key"] for a in written}


def test_cli_watch_once_exits_1_when_a_source_fails_and_stats_names_it(tmp_path):
    from typer.testing import CliRunner

    from wirecoder.cli import app

    runner = CliRunner()
    db, missing = str(tmp_path / "s.duckdb"), str(tmp_path / "not-yet")
    result = runner.invoke(app, ["watch", missing, "--db", db, "--once"])
    assert result.exit_code == 1 and f"{missing}: no such file or directory" in result.output
    stats = runner.invoke(app, ["stats", "--db", db])
    assert stats.exit_code == 0 and f"{missing} (folder)" in stats.stdout and "FAILING x1" in stats.stdout
    (tmp_path / "not-yet").mkdir()
    assert runner.invoke(app, ["watch", missing, "--db", db, "--once"]).exit_code == 0
    assert "FAILING" not in runner.invoke(app, ["stats", "--db", db]).stdout
    bad = runner.invoke(app, ["watch", missing, "--db", db, "--interval", "0"])
    assert bad.exit_code == 2 and "interval must be positive" in bad.output
