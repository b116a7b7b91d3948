// wirecoder single-page UI: hash routes #/articles, #/article/ID, #/events, #/dyad, #/map, #/code.
// Plain ES modules, no framework, nothing from another host.
import { h, api, qs } from "/static/dom.js";
import { renderArticle, selectEvent } from "/static/article.js";
import { dyadPage } from "/static/dyad.js";
import { eventsPage } from "/static/events.js";
import { mapPage } from "/static/map.js";
import { check, errorBox, field, formValues, pager, setHash, showError } from "/static/forms.js";

const main = document.getElementById("main");
let INFO = { read_only: true, max_paste_bytes: 200000 };

function route() {
  const raw = location.hash.replace(/^#\/?/, "") || "articles";
  const [path, query] = raw.split("?");
  const params = Object.fromEntries(new URLSearchParams(query || ""));
  const [page, ...rest] = path.split("/");
  document.querySelectorAll("nav a[data-page]").forEach((a) =>
    a.classList.toggle("active", a.dataset.page === page || (page === "article" && a.dataset.page === "articles")));
  const pages = { articles: articlesPage, article: articlePage, events: (p) => eventsPage(main, p), dyad: (p) => dyadPage(main, p),
    map: (p) => mapPage(main, p), code: codePage };
  const fn = pages[page] || notFound;
  main.replaceChildren(h("p", { class: "muted" }, "Loading…"));
  fn(params, decodeURIComponent(rest.join("/"))).catch((err) => main.replaceChildren(errorBox(err)));
}

function notFound() { main.replaceChildren(h("p", {}, "No such page.")); return Promise.resolve(); }

// ---- Articles ------------------------------------------------------------------------------------------------
async function articlesPage(params) {
  const p = { limit: 50, offset: 0, ...params };
  const form = h("form", { class: "filters", id: "article-filters" },
    field("Search", "q", p.q, { type: "search", placeholder: "words in headline or text", maxlength: 200 }),
    field("Since", "since", p.since, { type: "date" }), field("Until", "until", p.until, { type: "date" }),
    field("Source", "source", p.source, { maxlength: 200 }),
    field("Country", "country", p.country, { placeholder: "IRN or IR", maxlength: 3, size: 6 }),
    check("with events", "has_events", p.has_events),
    h("button", { type: "submit" }, "Search"));
  form.addEventListener("submit", (ev) => { ev.preventDefault(); setHash("articles", formValues(form)); });
  const status = h("div", { id: "articles-status" });
  main.replaceChildren(h("h1", {}, "Articles"), form, status);
  let data;
  try { data = await api(`/api/articles?${qs(p)}`); } catch (err) { showError(form, err, status); return; }
  const rows = data.items.map((a) => h("tr", {},
    h("td", {}, a.published_date || "—"),
    h("td", {}, h("a", { href: `#/article/${encodeURIComponent(a.id)}` }, a.headline || a.id)),
    h("td", {}, a.dateline_place || ""), h("td", {}, a.agency || ""),
    h("td", { class: "num" }, a.n_events), h("td", { class: "num" }, a.n_quotes), h("td", { class: "num" }, a.n_actors)));
  main.append(
    h("div", { class: "table-box" }, h("table", { class: "data", id: "articles-table" },
      h("thead", {}, h("tr", {}, ...["Published", "Headline", "Dateline", "Agency", "Events", "Quotes", "Actors"].map((t) => h("th", {}, t)))),
      h("tbody", {}, ...rows))),
    pager(data.total, data.limit, data.offset, (offset) => setHash("articles", { ...params, offset })));
}

async function articlePage(params, id) {
  const record = await api(`/api/articles/${encodeURIComponent(id)}`);
  const view = renderArticle(record);
  main.replaceChildren(h("p", {}, h("a", { href: "#/articles" }, "‹ Articles")), view);
  if (params.event && !selectEvent(view, params.event)) {
    view.prepend(h("p", { class: "error", role: "alert" }, `Event ${params.event} is not in this article.`));
  }
}

// ---- Code an article -----------------------------------------------------------------------------------------
async function codePage() {
  await infoReady;
  const text = h("textarea", { id: "code-text", name: "text", rows: 14, placeholder: "Paste a wire article (headline, dateline, body)…", required: true });
  const date = h("input", { id: "code-date", type: "date", name: "published" });
  const save = h("input", { id: "code-save", type: "checkbox", name: "save", disabled: INFO.read_only });
  const out = h("div", { id: "code-result" });
  const btn = h("button", { type: "submit", id: "code-submit" }, "Code");
  const form = h("form", { class: "code-form", id: "code-form" }, text,
    h("div", { class: "filters" }, h("label", {}, "Published ", date),
      h("label", { title: INFO.read_only ? "The server is read-only (start with --writable)" : "" }, save, " save to the store"),
      btn, h("span", { class: "muted" }, `at most ${INFO.max_paste_bytes.toLocaleString()} bytes`)));
  form.addEventListener("submit", async (ev) => {
    ev.preventDefault();
    btn.disabled = true;
    out.replaceChildren(h("p", { class: "muted" }, "Coding… (the first article loads the language model)"));
    try {
      const body = { text: text.value, save: save.checked };
      if (date.value) body.published = date.value;
      const record = await api("/api/code", { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify(body) });
      out.replaceChildren(renderArticle(record));
    } catch (err) {
      out.replaceChildren(errorBox(err));
    } finally {
      btn.disabled = false;
    }
  });
  main.replaceChildren(h("h1", {}, "Code an article"), form, out);
}

// The store summary and the first page load at once; the Code page waits for the summary (read-only or not).
let infoReady = null;
function start() {
  infoReady = api("/api/info").then((info) => {
    INFO = info;
    document.getElementById("status").textContent =
      `${INFO.counts.articles} articles · ${INFO.counts.events} events${INFO.read_only ? " · read-only" : " · writable"}`;
  }).catch((err) => { document.getElementById("status").textContent = `store unavailable: ${err.message}`; });
  window.addEventListener("hashchange", route);
  route();
}
start();
