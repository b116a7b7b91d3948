// Why an event was coded, and links from actor codes: shared by the article's cards and the events table.
import { h } from "/static/dom.js";

export const QUAD = { 1: "verbal cooperation", 2: "material cooperation", 3: "verbal conflict", 4: "material conflict" };
const DATE_FROM = { clause: "its clause", article: "the publication date" };
const PLACE_FROM = { clause: "its clause", sentence: "its sentence", dateline: "the dateline only",
  article: "the place the article names most", none: "nowhere (no place)" };

// An actor code links to that actor's events (whose page lists its top dyads).
export function actorCode(code) {
  return code ? h("a", { class: "code", href: `#/events?actor=${encodeURIComponent(code)}`, title: `Events and dyads of ${code}` }, code) : null;
}

// "NEGATED (never)", "hypothetical (should)": the label says what the event is, never "not asserted: asserted".
export function modalityBadges(e) {
  const cue = e.modality_cue ? ` (“${e.modality_cue}”)` : "";
  const out = [];
  if (e.negated) out.push(h("span", { class: "badge neg" }, `NEGATED${cue}`));
  if (e.modality && e.modality !== "asserted") {
    out.push(h("span", { class: "badge nonasserted" }, `${e.modality}${e.negated ? "" : cue}`));
  }
  return out;
}

// Works on both shapes: the record's event (rule, date.from, place.from) and the store's row (date_from, place_from).
export function explainText(e) {
  const dateFrom = e.date_from || (e.date && e.date.from);
  const placeFrom = e.place_from || (e.place && e.place.from);
  const parts = [`rule ${e.rule || "?"}${e.rule_kind ? " (" + e.rule_kind + ")" : ""}`,
    `confidence ${e.confidence != null ? Number(e.confidence).toFixed(2) : "?"}`];
  if (dateFrom) parts.push(`date from ${DATE_FROM[dateFrom] || dateFrom}`);
  if (placeFrom) parts.push(`place from ${PLACE_FROM[placeFrom] || placeFrom}`);
  return parts.join(" · ");
}

export function explainLine(e) {
  return h("div", { class: "explain", title: "Why this event was coded" }, explainText(e));
}
