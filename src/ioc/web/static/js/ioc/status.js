// One table per status family, from the server: ioc.web.components.status_table renders each domain's
// `pages.STATUS` (label, tone, icon) into the page (#ioc-page), and the colour of a tone is the shell's
// CSS token (--ok, --warn, --bad, --nodata in app.css, light or dark theme). No colour is written here.

import { escapeHtml, pageConfig } from "./dom.js";

export const TONES = ["ok", "warn", "bad", "nodata"];

/** The colour of a tone in the current theme (the CSS custom property of the same name). */
export function toneColor(tone) {
  const name = TONES.includes(tone) ? tone : "nodata";
  return getComputedStyle(document.documentElement).getPropertyValue(`--${name}`).trim();
}

/** A family's table: key → {label, tone, icon, order}. Families: "track" (KPI), "feedback", "station". */
export function family(name) {
  return (pageConfig().status || {})[name] || {};
}

/** A family's keys in the order the server declares them (KPI: on track, at risk, off track, no data). */
export function familyKeys(name) {
  const table = family(name);
  return Object.keys(table).sort((a, b) => table[a].order - table[b].order);
}

/** One status of a family, with its colour; an unknown key reads as the family's "no data" entry. */
export function status(familyName, key) {
  const table = family(familyName);
  const entry = table[key] || table.no_data || table.never || { label: key, tone: "nodata", icon: "" };
  return { ...entry, key, color: toneColor(entry.tone) };
}

/** A status chip (colour AND words), as templates/components/kpi_tile.html draws it. */
export function chip(tone, icon, label) {
  const mark = icon ? `<span aria-hidden="true">${escapeHtml(icon)}</span> ` : "";
  return `<span class="chip chip-${escapeHtml(tone)}">${mark}${escapeHtml(label)}</span>`;
}

/** Dark or white text on a band colour, whichever reads better (as ioc.environment.pages.ink). */
export function ink(hex) {
  if (!/^#[0-9a-f]{6}$/i.test(hex || "")) return "#ffffff";
  const lin = (i) => {
    const c = parseInt(hex.slice(i, i + 2), 16) / 255;
    return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  };
  return 0.2126 * lin(1) + 0.7152 * lin(3) + 0.0722 * lin(5) > 0.18 ? "#17212b" : "#ffffff";
}
