"""The web UI in a real browser (Debian's chromium driven by Playwright): every page loads with local requests only,
a pasted sample is coded into event cards and quotes, and clicking a card highlights its evidence sentence.

Skipped when chromium or playwright is missing. CI installs them (docs/web.md, "Browser tests in CI").
"""
from __future__ import annotations

import shutil
from urllib.parse import urlparse

import pytest

pytestmark = pytest.mark.browser

CHROMIUM = shutil.which("chromium")
if CHROMIUM is None:
    pytest.skip("chromium is not installed (apt-get install chromium)", allow_module_level=True)
sync_api = pytest.importorskip("playwright.sync_api")
uvicorn = pytest.importorskip("uvicorn")

from conftest import SAMPLES, serving  # noqa: E402
from test_web_api import sample_store  # noqa: E402

from wirecoder.web.app import create_app  # noqa: E402

ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
        "--disable-sync", "--no-first-run"]
LOCAL = {"127.0.0.1", "localhost"}


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    with serving(create_app(sample_store(tmp_path_factory), allowed_hosts=["127.0.0.1", "localhost"])) as url:
        yield url


@pytest.fixture(scope="module")
def browser_page(server, tmp_path_factory):
    requests: list[str] = []
    errors: list[str] = []
    with sync_api.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        page = browser.new_page(viewport={"width": 1400, "height": 1000})
        page.on("request", lambda r: requests.append(r.url))
        page.on("pageerror", lambda e: errors.append(str(e)))
        page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
        page.on("response", lambda r: errors.append(f"{r.status} {r.url}") if r.status >= 400 else None)
        page.set_default_timeout(30_000)
        yield page, requests, errors, tmp_path_factory.mktemp("screens")
        browser.close()
    hosts = {urlparse(u).hostname for u in requests if urlparse(u).scheme in ("http", "https", "ws", "wss")}
    assert hosts <= LOCAL, f"requests left the machine: {hosts - LOCAL}"


def test_pages(server, browser_page):
    page, requests, errors, shots = browser_page
    page.goto(f"{server}/#/articles")
    page.wait_for_selector("#articles-table tbody tr")
    assert page.locator("#articles-table tbody tr").count() >= 15
    page.fill("input[name=q]", "Ahmadinejad")
    page.click("#article-filters button[type=submit]")
    page.wait_for_function("document.querySelectorAll('#articles-table tbody tr').length < 15")
    page.screenshot(path=str(shots / "articles.png"))

    page.click("#articles-table tbody tr a")
    page.wait_for_selector("#event-cards .card")
    assert page.locator(".article-text .seg.quote").count() > 0
    assert page.locator(".article-text .seg.time[title*='20']").count() > 0
    page.screenshot(path=str(shots / "article.png"))

    page.goto(f"{server}/#/events")
    page.wait_for_selector("#events-table tbody tr")
    href = page.get_attribute("#csv-link", "href")
    assert href.startswith("/api/events.csv")
    page.click("#events-table th a[data-sort='goldstein']")
    page.wait_for_function("location.hash.includes('sort=goldstein')")
    page.wait_for_selector("#events-table th.sorted")
    page.screenshot(path=str(shots / "events.png"))

    page.goto(f"{server}/#/dyad?a=NATO&b=RUS&by=month")
    page.wait_for_selector("#dyad-chart rect.bar")
    page.screenshot(path=str(shots / "dyad.png"))

    page.goto(f"{server}/#/map")
    page.wait_for_selector("#world-map circle.dot")
    assert page.locator("#world-map path.land").count() > 150
    page.screenshot(path=str(shots / "map.png"))

    page.goto(f"{server}/docs")
    page.wait_for_selector("section.op")
    assert not errors, errors


def test_code_page_and_evidence_highlight(server, browser_page):
    page, requests, errors, shots = browser_page
    text = (SAMPLES / "diplomacy-un-iran-talks.txt").read_text(encoding="utf-8")
    page.goto(f"{server}/#/code")
    page.wait_for_selector("#code-text")
    assert page.is_disabled("#code-save")          # the server is read-only
    page.fill("#code-text", text)
    page.fill("#code-date", "2012-08-30")
    page.click("#code-submit")
    page.wait_for_selector("#code-result #event-cards .card", timeout=120_000)
    assert page.locator("#code-result #quote-list li").count() > 0
    assert page.locator("#code-result .card.nonasserted, #code-result .card.negated").count() > 0

    assert page.locator("#code-result .seg.hl").count() == 0
    card = page.locator("#code-result #event-cards .card").nth(1)
    evidence = card.locator(".evidence").inner_text().strip("“”")
    card.click()
    page.wait_for_selector("#code-result .seg.hl")
    highlighted = "".join(page.locator("#code-result .seg.hl").all_inner_texts())
    assert evidence in highlighted
    assert page.locator("#code-result .card.selected").count() == 1
    page.screenshot(path=str(shots / "code.png"), full_page=True)
    assert not errors, errors


@pytest.mark.shared
def test_example_article_in_the_browser(browser_page, tmp_path_factory):
    """The issue's acceptance: the example shows NATO rejecting Russia's proposal with the evidence highlighted,
    Rasmussen's quotes attributed, and Moscow and Herat on the map."""
    from conftest import EXAMPLE

    if not EXAMPLE.exists():
        pytest.skip("../shared is absent")
    from wirecoder.ingest import ingest

    db = tmp_path_factory.mktemp("example") / "example.duckdb"
    ingest([str(EXAMPLE)], db, workers=1, progress=False)
    page, requests, errors, shots = browser_page  # the module's browser checks that no request left the machine
    with serving(create_app(db, allowed_hosts=["127.0.0.1", "localhost"])) as url:
        page.goto(f"{url}/#/articles")
        page.click("text=NATO chief opposes")
        page.wait_for_selector("#event-cards .card")
        reject = page.locator("#event-cards .card", has_text="Reject").first
        assert "NATO" in reject.inner_text() and "RUS" in reject.inner_text()
        reject.click()
        page.wait_for_selector(".seg.hl")
        assert "opposes" in "".join(page.locator(".seg.hl").all_inner_texts())
        assert page.locator("#quote-list li", has_text="Rasmussen").count() >= 5
        page.screenshot(path=str(shots / "example-article.png"))
        page.goto(f"{url}/#/map")
        page.wait_for_selector("#world-map circle.dot")
        titles = " ".join(page.locator("#world-map circle title").all_text_contents())
        assert "Moscow" in titles and "Her" in titles  # Herāt, from the photo caption
        page.screenshot(path=str(shots / "example-map.png"))
