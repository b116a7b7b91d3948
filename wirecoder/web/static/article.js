// The article view: the text with inline annotations, and events as source -> action -> target cards.
import { h } from "/static/dom.js";
import { QUAD, actorCode, explainLine, modalityBadges } from "/static/explain.js";

function actorsText(parts) {
  if (!parts || !parts.length) return [h("span", { class: "muted" }, "—")];
  return parts.map((p, i) => h("span", { class: "actor" }, i ? "; " : "", p.name || p.text || "?", actorCode(p.code)));
}

function spansOf(record) {
  const spans = [];
  const add = (start, end, cls, title) => {
    if (Number.isInteger(start) && Number.isInteger(end) && end > start) spans.push({ start, end, cls, title });
  };
  for (const e of record.entities || []) add(e.start, e.end, `ent ent-${e.label}`, `${e.label}: ${e.text}`);
  for (const q of record.quotes || []) {
    const sp = q.speaker || {};
    const who = sp.name || sp.text || "unknown speaker";
    add(q.start, q.end, `quote quote-${q.kind}`, `Quote (${q.kind}), speaker: ${who}${sp.code ? " [" + sp.code + "]" : ""}`);
    add(sp.start, sp.end, "speaker", `Speaker: ${who}${sp.code ? " [" + sp.code + "]" : ""}`);
  }
  for (const t of record.times || []) {
    add(t.start, t.end, "time", `${t.type || "TIME"} "${t.text}" = ${t.value ?? "unresolved"}${t.mod ? " (" + t.mod + ")" : ""}`);
  }
  for (const p of record.places || []) {
    const where = [p.name, p.country].filter(Boolean).join(", ");
    const ll = p.latitude != null ? ` (${p.latitude.toFixed(2)}, ${p.longitude.toFixed(2)})` : "";
    add(p.start, p.end, "place", `Place: ${where || p.text}${ll}${p.role ? ", " + p.role : ""}`);
  }
  for (const e of record.events || []) {
    const tr = e.trigger || {};
    add(tr.start, tr.end, "trigger", `Event trigger: ${e.cameo_name || ""} [CAMEO ${e.cameo}]`);
  }
  return spans;
}

function sentenceAt(sentences, offset) {
  for (const s of sentences) if (s.start <= offset && offset < s.end) return s.index;
  return null;
}

export function renderText(record) {
  const text = record.text || "";
  const sentences = record.sentences || [];
  const spans = spansOf(record);
  const cuts = new Set([0, text.length]);
  for (const sp of spans) { cuts.add(sp.start); cuts.add(sp.end); }
  for (const s of sentences) { cuts.add(s.start); cuts.add(s.end); }
  const points = [...cuts].filter((c) => c >= 0 && c <= text.length).sort((a, b) => a - b);
  const box = h("div", { class: "article-text", id: "article-text" });
  for (let i = 0; i + 1 < points.length; i++) {
    const a = points[i], b = points[i + 1];
    const piece = text.slice(a, b);
    const covering = spans.filter((sp) => sp.start <= a && sp.end >= b);
    const sent = sentenceAt(sentences, a);
    if (!covering.length && sent === null) { box.append(piece); continue; }
    const cls = ["seg", ...new Set(covering.flatMap((sp) => sp.cls.split(" ")))].join(" ");
    const title = covering.map((sp) => sp.title).join("\n");
    box.append(h("span", { class: cls, title: title || null, "data-s": sent, "data-start": a, "data-end": b }, piece));
  }
  return box;
}

function highlight(root, event, card) {
  root.querySelectorAll(".hl, .hl-event").forEach((el) => el.classList.remove("hl", "hl-event"));
  root.querySelectorAll(".card.selected").forEach((el) => el.classList.remove("selected"));
  card.classList.add("selected");
  let sent = event.sentence;
  const segs = [...root.querySelectorAll(".article-text .seg")];
  if (sent === null || sent === undefined) {
    const seg = segs.find((el) => +el.dataset.start <= event.start && event.start < +el.dataset.end);
    sent = seg ? seg.dataset.s : null;
  }
  let first = null;
  for (const el of segs) {
    if (sent !== null && el.dataset.s === String(sent)) { el.classList.add("hl"); first = first || el; }
    if (+el.dataset.start >= event.start && +el.dataset.end <= event.end) el.classList.add("hl-event");
  }
  if (first && first.scrollIntoView) first.scrollIntoView({ block: "center", behavior: "smooth" });
}

export function eventCard(e, onClick) {
  const marks = modalityBadges(e);
  if (e.reported_by && (e.reported_by.name || e.reported_by.code)) {
    marks.push(h("span", { class: "badge" }, `reported by ${e.reported_by.name || e.reported_by.code}`));
  }
  const plover = e.plover || {};
  const cls = ["card", "event", `quad-${e.quad}`, e.negated ? "negated" : "", !e.asserted ? "nonasserted" : ""].join(" ");
  const card = h("div", { class: cls, tabindex: 0, role: "button", "data-event": e.id, id: `event-${e.id}`, title: "Show the evidence sentence" },
    h("div", { class: "flow" },
      h("span", { class: "side src" }, ...actorsText(e.source)),
      h("span", { class: "arrow" }, "→"),
      h("span", { class: "action" }, e.cameo_name || "?", h("code", {}, e.cameo || "")),
      h("span", { class: "arrow" }, "→"),
      h("span", { class: "side tgt" }, ...actorsText(e.target))),
    h("div", { class: "meta" },
      `PLOVER ${plover.type || "—"}${plover.mode ? " (" + plover.mode + ")" : ""} · ${QUAD[e.quad] || "quad ?"} · Goldstein ${e.goldstein ?? "—"}`,
      e.date && e.date.value ? ` · ${e.date.value}` : "",
      e.place && e.place.text ? ` · ${e.place.text}${e.place.from === "dateline" ? " (dateline)" : ""}` : ""),
    marks.length ? h("div", { class: "marks" }, ...marks) : null,
    explainLine(e),
    h("div", { class: "evidence" }, "“", e.text || "", "”"));
  const go = () => onClick(e, card);
  card.addEventListener("click", go);
  card.addEventListener("keydown", (ev) => { if (ev.target === card && (ev.key === "Enter" || ev.key === " ")) { ev.preventDefault(); go(); } });
  return card;
}

const LEGEND = [["ent ent-PERSON", "person"], ["ent ent-ORG", "organisation"], ["ent ent-GPE", "country/city"],
  ["ent ent-NORP", "group"], ["quote", "quote"], ["speaker", "speaker"], ["time", "time (hover: value)"],
  ["place", "place"], ["trigger", "event trigger"]];

export function renderArticle(record) {
  const view = h("div", { class: "article-view" });
  const pub = record.published || {};
  const events = record.events || [];
  const quotes = record.quotes || [];
  const head = h("div", { class: "article-head" },
    h("h1", {}, record.headline || "(no headline)"),
    h("p", { class: "muted" },
      [pub.date ? `Published ${pub.date}${pub.inferred ? " (inferred)" : ""}` : "No publication date",
        record.dateline && record.dateline.place ? `dateline ${record.dateline.place}` : null,
        `${events.length} event(s), ${quotes.length} quote(s)`, `id ${record.id}`].filter(Boolean).join(" · ")),
    h("p", { class: "legend" }, ...LEGEND.map(([c, label]) => h("span", { class: `seg ${c}` }, label))));
  const side = h("aside", { class: "side-panel" });
  const onClick = (e, card) => highlight(view, e, card);
  side.append(h("h2", {}, `Events (${events.length})`));
  if (!events.length) side.append(h("p", { class: "muted" }, "No events coded."));
  side.append(h("div", { class: "cards", id: "event-cards" }, ...events.map((e) => eventCard(e, onClick))));
  side.append(h("h2", {}, `Quotes (${quotes.length})`));
  side.append(h("ul", { class: "quotes", id: "quote-list" }, ...quotes.map((q) => {
    const sp = q.speaker || {};
    return h("li", { class: `quote-item ${q.kind}` },
      h("span", { class: "who" }, sp.name || sp.text || "unknown", sp.code ? h("code", {}, sp.code) : null), ": ",
      h("span", {}, "“", q.text, "”"), h("span", { class: "muted" }, ` (${q.kind})`));
  })));
  const warnings = record.warnings || [];
  if (warnings.length) {
    side.append(h("h2", {}, "Warnings"), h("ul", {}, ...warnings.map((w) => h("li", {}, `${w.code} ${w.message || ""}`))));
  }
  view.append(head, h("div", { class: "article-body" }, renderText(record), side));
  return view;
}

// Open an article with one event selected (#/article/ID?event=EVENT_ID from the events table, map and charts).
export function selectEvent(root, id) {
  const card = id && [...root.querySelectorAll("#event-cards .card")].find((c) => c.dataset.event === id);
  if (card) {
    card.scrollIntoView({ block: "nearest" });   // in the side panel, which scrolls on its own
    card.click();                                 // highlights and scrolls the text to the evidence
  }
  return Boolean(card);
}
