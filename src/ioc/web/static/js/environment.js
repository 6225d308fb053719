// Environment pages: station map coloured by AQI/WQI band, station charts, live refresh.
(function () {
  "use strict";
  const IOC = (window.IOC = window.IOC || {});
  const esc = (t) => String(t).replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" }[c]));
  const fmtTime = (iso, withDate) => new Intl.DateTimeFormat(IOC.lang === "vi" ? "vi-VN" : "en-GB", {
    timeZone: "Asia/Ho_Chi_Minh", hour: withDate ? undefined : "2-digit", minute: withDate ? undefined : "2-digit",
    day: "2-digit", month: "2-digit" }).format(new Date(iso));

  // Dark or white text, whichever reads better on the band colour (WCAG relative luminance).
  function ink(hex) {
    const lin = (i) => { const c = parseInt(hex.slice(i, i + 2), 16) / 255; return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4; };
    return 0.2126 * lin(1) + 0.7152 * lin(3) + 0.0722 * lin(5) > 0.18 ? "#17212b" : "#ffffff";
  }

  function debounce(fn, ms) {
    let t = null;
    return () => { clearTimeout(t); t = setTimeout(fn, ms); };
  }

  // ---- map page ----
  function markerFor(feature) {
    const p = feature.properties;
    const [lon, lat] = feature.geometry.coordinates;
    const color = p.color || "#9aa5b1";
    const text = p.value !== undefined ? String(p.value) : "–";
    const icon = L.divIcon({
      className: "env-marker" + (p.kind === "water" ? " env-marker-water" : ""),
      html: `<span style="background:${color};color:${ink(color)}" data-code="${esc(p.code)}">${esc(text)}</span>`,
      iconSize: [36, 36], iconAnchor: [18, 18],
    });
    return L.marker([lat, lon], { icon, title: p.name, keyboard: true });
  }

  // Stations close together are grouped into one round badge with their count (leaflet.markercluster);
  // dark badge, white figures: readable on the map whatever the band colours of the stations inside.
  function clusterIcon(cluster, label) {
    const n = cluster.getChildCount();
    const size = n < 10 ? 40 : n < 100 ? 46 : 52;
    const name = esc(label.replace("{n}", n));
    return L.divIcon({ className: "env-cluster", html: `<span title="${name}" aria-label="${name}">${n}</span>`,
      iconSize: [size, size] });
  }

  function stationGroup(el) {
    if (!L.markerClusterGroup) return L.featureGroup();
    return L.markerClusterGroup({ maxClusterRadius: 48, showCoverageOnHover: false,
      spiderfyOnMaxZoom: true, chunkedLoading: true, spiderLegPolylineOptions: { weight: 1.5, color: "#17212b", opacity: 0.6 },
      iconCreateFunction: (cluster) => clusterIcon(cluster, el.dataset.labelCluster || "{n}") });
  }

  function popupFor(p, el) {
    const idx = p.value !== undefined
      ? `<strong>${esc(p.index.toUpperCase())} ${esc(p.value)}</strong> · ${esc(p.label)}`
      : esc(el.dataset.labelNodata);
    return `<strong>${esc(p.name)}</strong><br>${idx}<br><a href="/environment/stations/${encodeURIComponent(p.code)}">${esc(el.dataset.labelOpen)}</a>`;
  }

  async function loadLayer(el, map, group, fit) {
    const res = await fetch(el.dataset.layer, { credentials: "same-origin" });
    if (!res.ok) throw new Error(res.status);
    const data = await res.json();
    group.clearLayers();
    const markers = data.features.map((f) => markerFor(f).bindPopup(popupFor(f.properties, el)));
    if (group.addLayers) group.addLayers(markers); else markers.forEach((m) => group.addLayer(m));
    if (fit && data.features.length) map.fitBounds(group.getBounds(), { padding: [30, 30], maxZoom: 13, animate: false });
    el.dataset.stationCount = String(data.features.length);
    el.classList.add("is-ready");
  }

  async function initMap() {
    const el = document.getElementById("env-map");
    if (!el || !window.L) return;
    const map = IOC.createMap(el);
    try {
      const res = await fetch("/api/v1/areas/geojson?level=ward", { credentials: "same-origin" });
      if (res.ok) L.geoJSON(await res.json(), { style: { color: "#ffffff", weight: 1, fillColor: "#c9d6e3", fillOpacity: 0.6 },
        interactive: false }).addTo(map);
    } catch (e) { /* boundaries are context only */ }
    if (!isFinite(map.getMaxZoom())) map.setMaxZoom(18);  // clustering needs it; without tiles nobody set it
    const group = stationGroup(el).addTo(map);
    try { await loadLayer(el, map, group, true); } catch (e) {
      el.dataset.status = el.dataset.labelError; el.classList.add("has-status"); return;
    }
    const list = document.getElementById("env-stations");
    const refresh = debounce(async () => {
      try { await loadLayer(el, map, group, false); } catch (e) { return; }
      const res = await fetch(list.dataset.fragment, { credentials: "same-origin" });
      if (res.ok) list.innerHTML = await res.text();
    }, 1500);
    IOC.onEvent("sensors.", refresh);
  }

  // ---- station page ----
  function chartOptions(points, unit, kind, labels) {
    const times = points.map((p) => p.time);
    const series = [{ name: kind === "bar" ? unit : labels.mean, type: kind === "bar" ? "bar" : "line", showSymbol: false, smooth: false,
      data: points.map((p) => p.value), itemStyle: { color: "#0b5cad" } }];
    if (points.length && points[0].min !== undefined && kind !== "bar") {
      series.push({ name: labels.min, type: "line", showSymbol: false, lineStyle: { type: "dashed", width: 1 },
        data: points.map((p) => p.min), itemStyle: { color: "#1b7f3b" } });
      series.push({ name: labels.max, type: "line", showSymbol: false, lineStyle: { type: "dashed", width: 1 },
        data: points.map((p) => p.max), itemStyle: { color: "#b3261e" } });
    }
    return {
      animation: false, grid: { left: 44, right: 12, top: 28, bottom: 28 },
      tooltip: { trigger: "axis", valueFormatter: (v) => IOC.formatNumber(v, 1) + (unit ? " " + unit : "") },
      legend: { top: 0, textStyle: { fontSize: 11 } },
      xAxis: { type: "category", data: times.map((t) => fmtTime(t, labels.daily)), axisLabel: { hideOverlap: true } },
      yAxis: { type: "value",
        axisLabel: { formatter: (v) => IOC.formatNumber(v, 0) } },
      series,
    };
  }

  async function drawChart(id, capId, caption, url, unit, labels, kind) {
    const el = document.getElementById(id);
    if (!el) return;
    document.getElementById(capId).textContent = caption;
    const chart = echarts.getInstanceByDom(el) || echarts.init(el, null, { renderer: "svg" });
    chart.clear();
    let points;
    try {
      const res = await fetch(url, { credentials: "same-origin" });
      if (!res.ok) throw new Error(res.status);
      const body = await res.json();
      points = Array.isArray(body) ? body : body.points;
    } catch (e) { el.dataset.status = labels.error; el.classList.add("has-status"); return; }
    el.classList.toggle("has-status", !points.length);
    el.dataset.status = points.length ? "" : labels.empty;
    if (points.length) chart.setOption(chartOptions(points, unit, kind, labels));
    el.dataset.points = String(points.length);
  }

  function initCharts() {
    const box = document.getElementById("charts");
    if (!box || !window.echarts) return;
    const select = document.getElementById("chart-quantity");
    const code = encodeURIComponent(box.dataset.station);
    const d = box.dataset;
    const labels = { empty: d.labelEmpty, error: d.labelError, min: d.labelMin, max: d.labelMax, mean: d.labelMean };
    const now = new Date();
    const iso = (ms) => new Date(ms).toISOString();
    function draw() {
      const opt = select.options[select.selectedIndex];
      if (!opt) return;
      const q = opt.value, unit = opt.dataset.unit;
      const base = `/api/v1/stations/${code}/series?quantity=${q}`;
      const end = Date.now();
      drawChart("chart-hour", "cap-hour", `${opt.text} (${unit}) · ${d.labelHour}`,
        `${base}&resolution=hour&from=${iso(end - 24 * 3600e3)}&to=${iso(end)}`, unit, labels, "line");
      drawChart("chart-day", "cap-day", `${opt.text} (${unit}) · ${d.labelDay}`,
        `${base}&resolution=day&from=${iso(end - 30 * 86400e3)}&to=${iso(end)}`, unit, { ...labels, daily: true }, "line");
    }
    const period = d.indexKind === "aqi" ? "day" : "wqi";
    const span = d.indexKind === "aqi" ? 30 * 86400e3 : 7 * 86400e3;
    drawChart("chart-index", "cap-index", d.labelIndex,
      `/api/v1/environment/stations/${code}/history?period=${period}&from=${iso(now - span)}&to=${iso(now)}`,
      d.indexKind.toUpperCase(), { ...labels, daily: period === "day" }, "bar");
    select.addEventListener("change", draw);
    draw();
    window.addEventListener("resize", debounce(() => box.querySelectorAll(".chart").forEach((c) => {
      const inst = echarts.getInstanceByDom(c); if (inst) inst.resize();
    }), 200));
    IOC.onEvent("sensors.observations", debounce((evt) => {
      if (!evt || (evt.data.stations || []).includes(box.dataset.station)) draw();
    }, 2000));
  }

  document.addEventListener("DOMContentLoaded", () => { initMap(); initCharts(); });
})();
