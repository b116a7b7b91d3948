// One event as a table row: date, actors (codes linked), action, place, headline, status with its cue, and why it
// was coded; the evidence opens the article with this event selected.
import { h } from "/static/dom.js";
import { actorCode, explainText, modalityBadges } from "/static/explain.js";

export function articleLink(e, text) {
  return h("a", { href: `#/article/${encodeURIComponent(e.article_id)}?event=${encodeURIComponent(e.id)}`, class: "evidence-link", title: e.headline || "" }, text);
}

export function EVENT_HEAD(head) {
  return h("thead", {}, head || h("tr", {}, ...["Date", "Source", "Action (CAMEO)", "Target", "PLOVER", "Quad", "Goldstein", "Place", "Status", "Evidence", "Headline", "Why"].map((t) => h("th", {}, t))));
}

export function eventRow(e) {
  const place = e.place_name || e.place || "";
  return h("tr", { class: [e.negated ? "negated" : "", !e.asserted ? "nonasserted" : ""].join(" "), "data-event": e.id },
    h("td", {}, e.date || "—"),
    h("td", {}, e.source_name || "", actorCode(e.source_code)),
    h("td", {}, e.cameo_name || "", h("code", {}, e.cameo || "")),
    h("td", {}, e.target_name || "", actorCode(e.target_code)),
    h("td", {}, e.plover_type || ""), h("td", { class: "num" }, e.quad ?? ""), h("td", { class: "num" }, e.goldstein ?? ""),
    h("td", {}, place, e.place_country ? h("code", {}, e.place_country) : null, e.place_from === "dateline" ? h("span", { class: "badge" }, "dateline") : null),
    h("td", {}, ...modalityBadges(e)),
    h("td", { class: "evidence-cell" }, articleLink(e, e.text || "(text)")),
    h("td", { class: "headline-cell" }, e.headline || ""),
    h("td", { class: "explain" }, explainText(e)));
}
