// Wall mode panels: (a) KPI tiles, (b) environment map, (c) citizen feedback, (d) government performance.
// Each panel loads from its domain's JSON API and renders into templates/wall.html; wall.js runs them.

import { ago, escapeHtml as esc, lang, t, vnDate } from "./ioc/dom.js";
import { getJSON } from "./ioc/api.js";
import { addWards, createMap, wardBounds } from "./ioc/map.js";
import { chip, ink, status } from "./ioc/status.js";
import * as picture from "./picture.js";
import { config, definePanel, fitList, hhmm, num, remPx, setFigure, staleChip, sum } from "./wall.js";

const KPI_PER_PAGE = 8;
const TRACK_ORDER = { off_track: 0, at_risk: 1, on_track: 2, no_data: 3 };
const NO_VALUE = "#5f6b76";  // a station without an index: a dark marker on the dark map, white figures
const OPEN_STATUSES = "received,verified,assigned,in_progress,reopened";
const cfg = config;

// ---- (a) KPI overview: headline tiles, worst first, eight to a page
function sparkline(values, track) {
  if (!values || values.length < 2) return "";
  const lo = Math.min(...values), hi = Math.max(...values), span = hi - lo || 1;
  const pts = values.map((v, i) => `${(i / (values.length - 1) * 100).toFixed(2)},${(28 - (v - lo) / span * 26).toFixed(2)}`);
  const colour = `var(--${status("track", track).tone})`;
  return `<svg class="wall-spark" viewBox="0 0 100 30" preserveAspectRatio="none" aria-hidden="true" style="color:${colour}">
    <polygon points="0,30 ${pts.join(" ")} 100,30" fill="currentColor"></polygon>
    <polyline points="${pts.join(" ")}" stroke="currentColor"></polyline></svg>`;
}

function delta(tile, ind) {
  const percentUnit = (tile.unit || "").trim().startsWith("%");
  const d = percentUnit && tile.yoy_diff !== null && tile.yoy_diff !== undefined ? tile.yoy_diff : tile.yoy_pct;
  if (d === null || d === undefined) return "—";
  const text = percentUnit && tile.yoy_diff !== null ? `${num(Math.abs(d), 1)} ${t("điểm %")}` : `${num(Math.abs(d), 1)} %`;
  const good = (d >= 0) === (ind.direction !== "down");
  return `<b class="delta ${good ? "good" : "bad"}"><span aria-hidden="true">${d > 0 ? "▲" : d < 0 ? "▼" : "■"}</span> ${esc(text)}</b>`;
}

function kpiTile(tile, catalogue) {
  const track = status("track", tile.track);
  const ind = catalogue[tile.code] || {};
  const head = `<div class="wall-tile-top">${chip(track.tone, track.icon, track.label)}
    ${tile.stale ? staleChip() : ""}<span class="wall-tile-domain">${esc(tile.domainLabel)}</span></div>
    <h2 class="wall-tile-name">${esc(tile.name)}</h2>`;
  if (tile.value === null || tile.value === undefined) {
    return `<article class="wall-tile" data-code="${esc(tile.code)}" data-track="${esc(tile.track)}">${head}
      <p class="wall-empty">${esc(t("Chưa có số liệu cho chỉ tiêu này."))}</p></article>`;
  }
  const valueStatus = tile.value_status === "official" ? t("Chính thức") : t("Ước tính");
  const target = tile.pct_target === null || tile.pct_target === undefined ? "—" : `${num(tile.pct_target, 1)} %`;
  return `<article class="wall-tile" data-code="${esc(tile.code)}" data-track="${esc(tile.track)}">${head}
    <p class="wall-tile-value"><strong>${esc(num(tile.value, ind.digits ?? 1))}</strong> <span>${esc(tile.unit)}</span></p>
    <p class="wall-tile-facts"><span>${esc(tile.period_label || "")} · ${esc(valueStatus)}</span></p>
    <p class="wall-tile-facts"><span>${esc(t("% kế hoạch năm"))} <b>${esc(target)}</b></span>
      <span>${esc(t("So cùng kỳ"))} ${delta(tile, ind)}</span></p>
    ${sparkline(tile.sparkline, tile.track)}</article>`;
}

// The province picture: picture.js keeps its own tiles live (its subjects, per tile); the wall refreshes them all
// on its timer and re-measures the map when the panel comes back on screen.
definePanel("picture", {
  events: [],
  async load() { await picture.ready(); if (this.loaded) await picture.refreshAll(); this.loaded = true; },
  render() {},
  onShow() { picture.resize(); },
});

definePanel("kpi", {
  events: "kpi.>", tiles: [], counts: {}, page: 0, catalogue: null,
  async load() {
    if (!this.catalogue) {
      const list = await getJSON("/api/v1/kpi/indicators?headline=true").catch(() => []);
      this.catalogue = Object.fromEntries(list.map((i) => [i.code, i]));
    }
    const data = await getJSON(`/api/v1/kpi/overview?lang=${encodeURIComponent(lang())}`);
    const tiles = data.groups.flatMap((g) => g.tiles.map((tile) => ({ ...tile, domainLabel: cfg().domains[g.domain] || g.label })));
    // Worst first: the wall's first question is "what is behind plan?"; the domain order stays within a status.
    this.tiles = tiles.map((tile, i) => [tile, i])
      .sort((a, b) => (TRACK_ORDER[a[0].track] ?? 3) - (TRACK_ORDER[b[0].track] ?? 3) || a[1] - b[1]).map((x) => x[0]);
    this.counts = data.counts || {};
    const times = this.tiles.map((tile) => tile.updated_at).filter(Boolean).map((s) => new Date(s).getTime());
    this.dataTime = times.length ? new Date(Math.max(...times)) : null;
  },
  pages() { return Math.max(1, Math.ceil(this.tiles.length / KPI_PER_PAGE)); },
  render() {
    document.getElementById("kpi-counts").innerHTML = ["off_track", "at_risk", "on_track", "no_data"]
      .filter((k) => this.counts[k]).map((k) => {
        const tr = status("track", k);
        return chip(tr.tone, tr.icon, `${num(this.counts[k], 0)} ${tr.label}`);
      }).join("");
    this.showPage(Math.min(this.page, this.pages() - 1));
  },
  showPage(page) {
    this.page = page;
    if (!this.lastOk) return;
    const grid = document.getElementById("kpi-grid");
    const slice = this.tiles.slice(page * KPI_PER_PAGE, (page + 1) * KPI_PER_PAGE);
    grid.innerHTML = slice.length ? slice.map((tile) => kpiTile(tile, this.catalogue || {})).join("")
      : `<p class="wall-empty">${esc(t("Chưa có chỉ tiêu nào."))}</p>`;
    const label = this.el.querySelector("[data-page]");
    label.hidden = this.pages() < 2;
    label.textContent = t("Trang {i}/{n}", { i: page + 1, n: this.pages() });
  },
});

// ---- (b) Environment: stations on the map coloured by their VN_AQI / VN_WQI band, worst first beside it
function stationOrder(a, b) {
  const rank = (f) => (f.properties.value === undefined || f.properties.value === null ? 2 : f.properties.index === "aqi" ? 0 : 1);
  const ra = rank(a), rb = rank(b);
  if (ra !== rb) return ra - rb;
  if (ra === 0) return b.properties.value - a.properties.value;  // higher AQI is worse
  if (ra === 1) return a.properties.value - b.properties.value;  // lower WQI is worse
  return a.properties.name.localeCompare(b.properties.name, "vi");
}

function stationStale(p) {
  return !!p.outdated || (p.state && p.state !== "online");
}

// The markers are (at most) squares: two overlap when both axes are closer than `gap`; move them
// apart along the axis where they overlap least, until none overlaps (or enough rounds have passed).
function spreadApart(points, gap) {
  for (let round = 0; round < 100; round++) {
    let moved = false;
    for (let i = 0; i < points.length; i++) {
      for (let j = i + 1; j < points.length; j++) {
        const a = points[i], b = points[j];
        const dx = b.x - a.x, dy = b.y - a.y;
        const ox = gap - Math.abs(dx), oy = gap - Math.abs(dy);
        if (ox <= 0 || oy <= 0) continue;
        if (ox < oy) {
          const sx = (dx >= 0 ? 1 : -1) * (ox / 2 + 0.5);
          a.x -= sx; b.x += sx;
        } else {
          const sy = (dy > 0 || (dy === 0 && j % 2) ? 1 : -1) * (oy / 2 + 0.5);
          a.y -= sy; b.y += sy;
        }
        moved = true;
      }
    }
    if (!moved) return;
  }
}

definePanel("env", {
  events: "sensors.>", features: [], map: null, markers: null, wards: null, fitted: false,
  async load() {
    const data = await getJSON(`/api/v1/environment/map?lang=${encodeURIComponent(lang())}`);
    this.features = data.features.slice().sort(stationOrder);
    const times = this.features.map((f) => f.properties.time).filter(Boolean).map((s) => new Date(s).getTime());
    this.dataTime = times.length ? new Date(Math.max(...times)) : null;
  },
  isStale() {
    const withData = this.features.filter((f) => f.properties.value !== undefined && f.properties.value !== null);
    return withData.length > 0 && withData.every((f) => stationStale(f.properties));
  },
  render() {
    document.getElementById("wall-legend-wqi").hidden = !this.features.some((f) => f.properties.index === "wqi");
    this.renderList();
    if (this.map && !this.el.hidden) { this.fit(); this.placeMarkers(); }
  },
  renderList() {
    const list = document.getElementById("env-stations");
    const more = document.getElementById("env-more");
    if (!this.features.length) {
      list.innerHTML = `<li class="wall-empty">${esc(t("Chưa có trạm quan trắc nào."))}</li>`;
      more.hidden = true;
      return;
    }
    list.innerHTML = this.features.map((f) => {
      const p = f.properties;
      const hasValue = p.value !== undefined && p.value !== null;
      const badge = hasValue
        ? `<span class="wall-badge" style="background:${esc(p.color)};color:${ink(p.color)}"><b>${esc(p.value)}</b><small>${esc((p.index || "").toUpperCase())}</small></span>`
        : `<span class="wall-badge wall-badge-none"><b>–</b><small>${esc((p.index || "").toUpperCase())}</small></span>`;
      const when = p.time ? ago(p.time) : t("chưa có dữ liệu");
      const stale = hasValue && stationStale(p);
      return `<li class="wall-station" data-code="${esc(p.code)}" data-stale="${stale}">${badge}
        <span class="wall-station-text"><strong>${esc(p.name)}</strong>
        <span>${hasValue ? esc(p.label) + " · " : ""}${esc(when)}</span></span>${stale ? staleChip() : ""}</li>`;
    }).join("");
    if (this.el.hidden) return;
    const dropped = fitList(list);
    more.hidden = dropped === 0;
    more.textContent = t("và {n} trạm khác", { n: dropped });
  },
  async onShow() {
    if (!window.L) return;
    if (!this.map) await (this.creating = this.creating || this.createMap());
    this.map.invalidateSize({ animate: false });
    this.fit();
    this.placeMarkers();
    this.renderList();
  },
  async createMap() {
    const node = document.getElementById("wall-env-map");
    // Nothing to touch on a wall: no zoom buttons, dragging or popups.
    this.map = createMap(node, { zoomControl: false, attributionControl: false, dragging: false, scrollWheelZoom: false,
      doubleClickZoom: false, boxZoom: false, keyboard: false, touchZoom: false });
    const fillOpacity = node.dataset.tileUrl ? 0.35 : 1;
    // The boundaries are context only: without them the stations still show.
    this.wards = await addWards(this.map, { style: { color: "#4a6a8c", weight: 1, fillColor: "#17283b", fillOpacity } });
    this.links = L.layerGroup().addTo(this.map);
    this.markers = L.layerGroup().addTo(this.map);
    node.classList.add("is-ready");
  },
  fit() {
    const points = this.features.filter((f) => f.geometry).map((f) => [f.geometry.coordinates[1], f.geometry.coordinates[0]]);
    const pad = remPx() * 3;
    if (points.length > 1) this.map.fitBounds(L.latLngBounds(points), { padding: [pad, pad], maxZoom: 13, animate: false });
    else if (points.length === 1) this.map.setView(points[0], 12, { animate: false });
    else if (this.wards && this.wards.getLayers().length) this.map.fitBounds(wardBounds(this.wards), { animate: false });
  },
  // Markers big enough to read from the back of the room overlap where stations are close together:
  // push them apart on screen and draw a thin line back to where each station really is.
  placeMarkers() {
    if (!this.map || this.el.hidden) return;
    this.markers.clearLayers();
    this.links.clearLayers();
    const size = remPx() * 3.2;
    const items = this.features.filter((f) => f.geometry).map((f) => {
      const at = this.map.latLngToContainerPoint([f.geometry.coordinates[1], f.geometry.coordinates[0]]);
      return { f, at, pos: L.point(at.x, at.y) };
    });
    spreadApart(items.map((item) => item.pos), size * 1.08);
    for (const { f, at, pos } of items) {
      const p = f.properties;
      const hasValue = p.value !== undefined && p.value !== null;
      const colour = hasValue ? p.color : NO_VALUE;
      const where = this.map.containerPointToLatLng(pos);
      if (at.distanceTo(pos) > 2) {
        const origin = this.map.containerPointToLatLng(at);
        L.polyline([origin, where], { color: "#dbe6f2", weight: 2, opacity: 0.8, interactive: false }).addTo(this.links);
        L.circleMarker(origin, { radius: 4, color: "#dbe6f2", weight: 2, fillColor: colour, fillOpacity: 1, interactive: false }).addTo(this.links);
      }
      const icon = L.divIcon({
        className: "wall-marker" + (p.index === "wqi" ? " wall-marker-water" : "") + (hasValue && stationStale(p) ? " wall-marker-stale" : ""),
        html: `<span style="background:${esc(colour)};color:${ink(colour)}" data-code="${esc(p.code)}">${esc(hasValue ? p.value : "–")}</span>`,
        iconSize: [size, size], iconAnchor: [size / 2, size / 2],
      });
      L.marker(where, { icon, keyboard: false, interactive: false, title: p.name }).addTo(this.markers);
    }
  },
});

// ---- (c) Citizen feedback: today, open, overdue, on-time rate, the latest reports (no personal data)
function vnMidnight(now) {
  return `${vnDate(now)}T00:00:00+07:00`;
}
// Only the count of a queue: a page past the end carries the total and no report, so no reporter's data reaches the wall.
const countOf = (query) => getJSON(`/api/v1/feedback/reports?${query}&page_size=1&page=1000000`).then((d) => d.total);

definePanel("feedback", {
  events: "feedback.>", places: new Map(), latest: [],
  async load() {
    const now = new Date();
    const q = (params) => new URLSearchParams(params).toString();
    const [today, month, open, overdue, points] = await Promise.all([
      getJSON(`/api/v1/feedback/stats?${q({ dimension: "category", start: vnMidnight(now), end: now.toISOString() })}`),
      getJSON(`/api/v1/feedback/stats?${q({ dimension: "category" })}`),
      countOf(q({ status: OPEN_STATUSES })),
      countOf(q({ overdue: "true" })),
      getJSON("/api/v1/feedback/map?days=1"),  // GeoJSON without personal data
    ]);
    const resolved = sum(month.rows, "resolved");
    this.figures = { today: sum(today.rows, "received"), open, overdue,
      onTime: resolved ? sum(month.rows, "on_time") / resolved * 100 : null };
    this.latest = points.features.map((f) => f.properties)
      .sort((a, b) => String(b.requested_at).localeCompare(String(a.requested_at))).slice(0, 8);
    await Promise.all(points.features.filter((f) => this.latest.includes(f.properties) && !this.places.has(f.properties.id))
      .map((f) => getJSON(`/api/v1/areas/locate?lat=${f.geometry.coordinates[1]}&lon=${f.geometry.coordinates[0]}`)
        .then((r) => this.places.set(f.properties.id, r.ward ? r.ward.name : ""))
        .catch(() => this.places.set(f.properties.id, ""))));
  },
  render() {
    const f = this.figures;
    setFigure("fb-today", num(f.today, 0));
    setFigure("fb-open", num(f.open, 0), f.open ? "warn" : "ok");
    setFigure("fb-overdue", num(f.overdue, 0), f.overdue ? "bad" : "ok");
    setFigure("fb-ontime", f.onTime === null ? "—" : `${num(f.onTime, 1)} %`,
      f.onTime === null ? null : f.onTime >= 90 ? "ok" : f.onTime >= 70 ? "warn" : "bad");
    this.renderList();
  },
  renderList() {
    const list = document.getElementById("fb-latest");
    if (!this.latest.length) {
      list.innerHTML = `<li class="wall-empty">${esc(t("Chưa có phản ánh mới trong 24 giờ qua."))}</li>`;
      return;
    }
    list.innerHTML = this.latest.map((p) => `<li data-id="${esc(p.id)}">
        <time datetime="${esc(p.requested_at)}">${esc(hhmm(p.requested_at))}</time>
        <span class="wall-feed-main"><strong>${esc(p.category)}</strong>
          <span>${esc(this.places.get(p.id) || t("Không xác định"))}</span></span>
        ${chip(p.tone, "", p.status_label)}</li>`).join("");
    if (!this.el.hidden) fitList(list);
  },
  onShow() { if (this.lastOk) this.renderList(); },
});

// ---- (d) Government performance: the top five by on-time rate and by the 766 service index
function periodLabel(score) {
  const [y, m] = String(score.period_start || "").split("-").map(Number);
  if (!y) return "";
  if (score.frequency === "quarter") return t("Quý {q}/{y}", { q: Math.floor((m - 1) / 3) + 1, y });
  if (score.frequency === "month") return `${String(m).padStart(2, "0")}/${y}`;
  return String(y);
}

function rankRow(i, name, value, unit, share, sub) {
  return `<li><span class="wall-rank-no">${i}</span><span class="wall-rank-name">${esc(name)}</span>
    <span class="wall-rank-value">${esc(value)} <small>${esc(unit)}</small></span>
    <span class="wall-bar"><i style="width:${Math.max(0, Math.min(100, share)).toFixed(1)}%"></i></span>
    <span class="wall-rank-sub">${esc(sub)}</span></li>`;
}

definePanel("gov", {
  events: "govperf.>", names: null, areaNames: null,
  async load() {
    if (!this.names) {
      const agencies = await getJSON("/api/v1/agencies").catch(() => []);
      this.names = Object.fromEntries(agencies.map((a) => [a.code, (lang() === "en" && a.name_en) || a.name]));
    }
    const [figures, scores] = await Promise.all([getJSON("/api/v1/govperf/figures"), getJSON("/api/v1/govperf/scores")]);
    if (!this.areaNames && scores.slice(0, 5).some((s) => s.unit_kind === "locality")) {
      const areas = await getJSON("/api/v1/areas?level=ward&page_size=500").catch(() => ({ items: [] }));
      this.areaNames = Object.fromEntries(areas.items.map((a) => [a.code, a.name]));
    }
    const total = (key) => sum(figures, key);
    this.totals = { received: total("received"), resolved: total("resolved"), onTime: total("on_time"),
      overdue: total("overdue_now"), online: total("online") };
    this.onTime = figures.filter((r) => r.on_time_rate !== null && r.on_time_rate !== undefined).slice(0, 5);  // best first
    this.scores = scores.slice(0, 5);  // best first
  },
  render() {
    const s = this.totals;
    const rate = s.resolved ? s.onTime / s.resolved * 100 : null;
    setFigure("gov-received", num(s.received, 0));
    setFigure("gov-ontime", rate === null ? "—" : `${num(rate, 1)} %`, rate === null ? null : rate >= 90 ? "ok" : rate >= 70 ? "warn" : "bad");
    setFigure("gov-overdue", num(s.overdue, 0), s.overdue ? "bad" : "ok");
    setFigure("gov-online", s.received ? `${num(s.online / s.received * 100, 1)} %` : "—");
    const year = vnDate().slice(0, 4);
    document.getElementById("gov-period").textContent = t("Hồ sơ tiếp nhận từ {d}", { d: `01/01/${year}` });
    const name = (code, fallback) => (this.names && this.names[code]) || (this.areaNames && this.areaNames[code]) || fallback || code;
    document.getElementById("gov-ontime-rank").innerHTML = this.onTime.length
      ? this.onTime.map((r, i) => rankRow(i + 1, name(r.unit, r.name), num(r.on_time_rate, 1), "%", r.on_time_rate,
        `${t("{n} hồ sơ", { n: num(r.received, 0) })} · ${t("{n} đang quá hạn", { n: num(r.overdue_now, 0) })}`)).join("")
      : `<li class="wall-empty">${esc(t("Chưa có số liệu hồ sơ."))}</li>`;
    document.getElementById("gov-766-rank").innerHTML = this.scores.length
      ? this.scores.map((r, i) => rankRow(i + 1, name(r.unit_code), num(r.total, 2), t("điểm"), r.total, periodLabel(r))).join("")
      : `<li class="wall-empty">${esc(t("Chưa có điểm chỉ số 766."))}</li>`;
  },
});
