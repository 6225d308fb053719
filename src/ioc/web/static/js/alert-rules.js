// Rule editor: the form becomes the API's rule body; save (POST/PUT), disable, delete; 422 errors shown next to
// their field; "Xem trước" replays the rule, not saved, over stored history and draws the episodes.
import { $, el, onReady, readJson, formatTime, formatNumber } from "./ioc/dom.js";
import { request, send, ApiError } from "./ioc/api.js";

const data = readJson("ar-data", {});

function labelRow(key = "", value = "") {
  const remove = el("button", { type: "button", class: "btn btn-small", "aria-label": "×" }, "×");
  const row = el("div", { class: "ar-row" },
    el("input", { name: "label-key", maxlength: 40, value: key, placeholder: "severity", "aria-label": "key" }),
    el("input", { name: "label-value", maxlength: 200, value, placeholder: "critical", "aria-label": "value" }),
    remove);
  remove.addEventListener("click", () => row.remove());
  return row;
}

// One comparison of an all/any rule: quantity, operator, value; errors of condition.conditions.N go beside it.
function partRow(form, index, part = {}) {
  const quantity = form.elements.quantity.cloneNode(true);
  quantity.name = "part-quantity";
  quantity.value = part.quantity || quantity.value;
  const op = form.elements.op.cloneNode(true);
  op.name = "part-op";
  op.value = part.op || ">";
  quantity.disabled = false;
  op.disabled = false;
  quantity.setAttribute("aria-label", "quantity");
  op.setAttribute("aria-label", "op");
  const value = el("input", { name: "part-value", type: "number", step: "any", value: part.value ?? "", "aria-label": "value" });
  const remove = el("button", { type: "button", class: "btn btn-small", "aria-label": "×" }, "×");
  const row = el("div", { class: "ar-row ar-part", "data-field": `condition.conditions.${index}` },
    quantity, op, value, remove, el("span", { class: "field-error", hidden: "" }));
  remove.addEventListener("click", () => { row.remove(); renumber(form); });
  return row;
}

function renumber(form) {
  form.querySelectorAll(".ar-part").forEach((row, i) => { row.dataset.field = `condition.conditions.${i}`; });
}

const picked = (select) => [...select.selectedOptions].map((o) => o.value);
const orNull = (list) => (list.length ? list : null);
const number = (input) => (input.value === "" ? null : Number(input.value));

// The condition of each kind, from the fields that kind shows.
function condition(form) {
  const f = form.elements;
  const kind = f.kind.value;
  const stations = orNull(picked(f.stations));
  const compare = { op: f.op.value, value: number(f.value) };
  switch (kind) {
    case "rate": return { quantity: f.quantity.value, ...compare, window: f.window.value.trim() || "1h", stations };
    case "all": case "any": return { stations, conditions: [...form.querySelectorAll(".ar-part")].map((row) => ({
      quantity: row.querySelector('[name="part-quantity"]').value, op: row.querySelector('[name="part-op"]').value,
      value: number(row.querySelector('[name="part-value"]')) })) };
    case "absent": return { stations, station_kind: f.station_kind.value || null, intervals: number(f.intervals),
      duration: f.duration.value.trim() || null };
    case "event_count": return { category: f.category.value, sub_category: f.sub_category.value || null,
      area: f.area.value, window: f.window.value.trim() || "1h", ...compare };
    case "reports_overdue": return { agencies: orNull(picked(f.agencies)), ...compare };
    case "indicator_off_track": return { indicators: picked(f.indicators), areas: picked(f.areas) };
    default: return { quantity: f.quantity.value, ...compare, stations };
  }
}

function body(form) {
  const f = form.elements;
  const labels = {};
  for (const row of form.querySelectorAll("#ar-labels .ar-row")) {
    const [k, v] = row.querySelectorAll("input");
    if (k.value.trim()) labels[k.value.trim()] = v.value;
  }
  const annotations = {};
  for (const input of form.querySelectorAll('[name^="ann-"]')) {
    if (input.value.trim()) annotations[input.name.slice(4)] = input.value;
  }
  return {
    key: f.key.value.trim(), name: f.name.value.trim(), kind: f.kind.value, enabled: f.enabled.checked,
    condition: condition(form),
    for: f.for.value.trim() || "0s", keep_firing_for: f.keep_firing_for.value.trim() || "0s", labels, annotations,
  };
}

// Only the fields of the chosen kind are shown (and sent); the others are hidden and disabled.
function showKind(form) {
  const kind = form.elements.kind.value;
  for (const node of form.querySelectorAll("[data-kinds]")) {
    const shown = node.dataset.kinds.split(" ").includes(kind);
    node.hidden = !shown;
    for (const input of node.querySelectorAll("input, select, button")) input.disabled = !shown;
  }
  const parts = $("#ar-parts");
  if ((kind === "all" || kind === "any") && !parts.children.length) parts.append(partRow(form, 0));
}

// Stations that measure the chosen quantity (the hourly indices: stations of their kind).
function filterStations(form) {
  const q = form.elements.quantity.value;
  const byQuantity = ["threshold", "rate"].includes(form.elements.kind.value);
  const byCode = Object.fromEntries((data.stations || []).map((s) => [s.code, s]));
  for (const option of form.elements.stations.options) {
    const s = byCode[option.value];
    const fits = s && (!byQuantity || data.indexKinds[q] ? s.kind === data.indexKinds[q] : s.quantities.includes(q));
    option.hidden = !fits;
    if (!fits) option.selected = false;
  }
}

function clearErrors(form) {
  for (const node of form.querySelectorAll(".field-error")) { node.hidden = true; node.textContent = ""; }
  for (const node of form.querySelectorAll("[aria-invalid]")) node.removeAttribute("aria-invalid");
  for (const sel of [".alert-error", ".alert-ok"]) $(sel, form).hidden = true;
}

// Each error goes to the field whose data-field is the longest prefix of its name (labels.x → labels).
function showErrors(form, err) {
  const fields = [...form.querySelectorAll("[data-field]")];
  const errors = (err instanceof ApiError && err.problem && err.problem.errors) || [];
  for (const e of errors) {
    const name = String(e.field || "");
    const target = fields.filter((n) => name === n.dataset.field || name.startsWith(n.dataset.field + "."))
      .sort((a, b) => b.dataset.field.length - a.dataset.field.length)[0];
    if (!target) continue;
    const box = target.querySelector(":scope > .field-error") || target.querySelector(".field-error");
    box.textContent = `${form.dataset.msgInvalid} ${e.message}`;
    box.hidden = false;
    const input = target.querySelector("input, select, textarea");
    if (input) input.setAttribute("aria-invalid", "true");
  }
  const top = $(".alert-error", form);
  top.textContent = `${form.dataset.msgError} ${err.message}`;
  top.hidden = false;
}

async function save(form) {
  clearErrors(form);
  const rule = data.rule;
  try {
    const out = await send(rule ? `/api/v1/alert-rules/${rule.id}` : "/api/v1/alert-rules", rule ? "PUT" : "POST", body(form));
    window.location.assign(`/alert-rules?q=${encodeURIComponent(out.key)}`);
  } catch (err) { showErrors(form, err); }
}

async function toggle(form) {
  clearErrors(form);
  const rule = body(form);
  rule.enabled = !data.rule.enabled;
  try { await send(`/api/v1/alert-rules/${data.rule.id}`, "PUT", rule); window.location.reload(); }
  catch (err) { showErrors(form, err); }
}

async function remove(form) {
  if (!window.confirm(form.dataset.msgConfirm)) return;
  try { await request(`/api/v1/alert-rules/${data.rule.id}`, { method: "DELETE" }); window.location.assign("/alert-rules"); }
  catch (err) { showErrors(form, err); }
}

function chartOption(result) {
  const ms = (t) => new Date(t).getTime();
  const series = result.series.map((s) => {
    const eps = result.episodes.filter((e) => e.series === s.series);
    return {
      name: s.series, type: "line", showSymbol: false, data: s.points.map(([t, v]) => [ms(t), v]),
      markArea: { silent: true, itemStyle: { color: "rgba(200, 40, 40, 0.15)" },
        data: eps.map((e) => [{ xAxis: ms(e.startsAt) }, { xAxis: ms(e.endsAt || result.end) }]) },
    };
  });
  if (series.length && result.threshold !== null) {
    series[0].markLine = { silent: true, symbol: "none", lineStyle: { type: "dashed", color: "#b42318" },
      data: [{ yAxis: result.threshold }] };
  }
  return {
    animation: false, grid: { left: 48, right: 44, top: 36, bottom: 40 },
    legend: { type: "scroll", top: 0 }, tooltip: { trigger: "axis", valueFormatter: (v) => formatNumber(v, 1) },
    xAxis: { type: "time", min: ms(result.start), max: ms(result.end),
      axisLabel: { formatter: (v) => formatTime(v, "day"), hideOverlap: true } },
    yAxis: { type: "value", scale: true }, series,
  };
}

function showPreview(result) {
  const box = $("#ar-result");
  box.hidden = false;
  const summary = $("#ar-summary");
  summary.textContent = Object.entries(result.counts)
    .reduce((text, [k, v]) => text.split(`{${k}}`).join(formatNumber(v)), summary.dataset.template);
  const heads = [...document.querySelectorAll("#ar-episodes th")].map((th) => th.textContent);
  const cell = (i, text, cls) => el("td", { "data-label": heads[i], class: cls }, text);
  const rows = result.episodes.map((e) => el("tr", {},
    cell(0, `${e.series} · ${e.name}`), cell(1, formatTime(e.startsAt)), cell(2, formatTime(e.firedAt)),
    cell(3, e.endsAt ? formatTime(e.endsAt) : "…"), cell(4, formatNumber(e.peak, 1), "num")));
  $("#ar-episodes tbody").replaceChildren(...rows);
  const replayable = result.replayable !== false;
  $("#ar-episodes").hidden = !rows.length;
  $("#ar-none").hidden = rows.length > 0 || !replayable;
  $("#ar-nohistory").hidden = replayable;
  summary.hidden = !replayable;
  $("#ar-chart").hidden = !replayable;
  const node = $("#ar-chart");
  node.dataset.episodes = String(result.episodes.length);
  if (!window.echarts) return;
  const chart = echarts.getInstanceByDom(node) || echarts.init(node, null, { renderer: "svg" });
  chart.clear();
  chart.setOption(chartOption(result));
  chart.resize();
}

async function preview(form) {
  clearErrors(form);
  const button = $("#ar-preview");
  button.disabled = true;
  try {
    const days = $("#ar-days").value;
    showPreview(await send(`/api/v1/alert-rules/preview?days=${days}`, "POST", body(form)));
  } catch (err) { showErrors(form, err); }
  finally { button.disabled = false; }
}

onReady(() => {
  const form = document.getElementById("ar-form");
  if (!form) return;
  const labels = $("#ar-labels");
  const initial = data.rule ? Object.entries(data.rule.labels || {}) : [["severity", "warning"]];
  for (const [k, v] of initial) labels.append(labelRow(k, v));
  $("#ar-add-label").addEventListener("click", () => labels.append(labelRow()));
  const parts = $("#ar-parts");
  const stored = data.rule && ["all", "any"].includes(data.rule.kind) ? data.rule.condition.conditions || [] : [];
  stored.forEach((part, i) => parts.append(partRow(form, i, part)));
  $("#ar-add-part").addEventListener("click", () => parts.append(partRow(form, parts.children.length)));
  form.elements.kind.addEventListener("change", () => { showKind(form); filterStations(form); });
  form.elements.quantity.addEventListener("change", () => filterStations(form));
  showKind(form);
  filterStations(form);
  form.addEventListener("submit", (event) => { event.preventDefault(); if (data.editable) save(form); });
  $("#ar-preview").addEventListener("click", () => preview(form));
  const disable = $("#ar-disable");
  if (disable) disable.addEventListener("click", () => toggle(form));
  const del = $("#ar-delete");
  if (del) del.addEventListener("click", () => remove(form));
  window.addEventListener("resize", () => { const c = window.echarts && echarts.getInstanceByDom($("#ar-chart")); if (c) c.resize(); });
});
