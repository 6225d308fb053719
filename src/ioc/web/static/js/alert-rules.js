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

function body(form) {
  const f = form.elements;
  const stations = [...f.stations.selectedOptions].map((o) => o.value);
  const labels = {};
  for (const row of form.querySelectorAll(".ar-row")) {
    const [k, v] = row.querySelectorAll("input");
    if (k.value.trim()) labels[k.value.trim()] = v.value;
  }
  const annotations = {};
  for (const input of form.querySelectorAll('[name^="ann-"]')) {
    if (input.value.trim()) annotations[input.name.slice(4)] = input.value;
  }
  return {
    key: f.key.value.trim(), name: f.name.value.trim(), kind: f.kind.value, enabled: f.enabled.checked,
    condition: {
      quantity: f.quantity.value, op: f.op.value,
      value: f.value.value === "" ? null : Number(f.value.value), stations: stations.length ? stations : null,
    },
    for: f.for.value.trim() || "0s", keep_firing_for: f.keep_firing_for.value.trim() || "0s", labels, annotations,
  };
}

// Stations that measure the chosen quantity (the hourly indices: stations of their kind).
function filterStations(form) {
  const q = form.elements.quantity.value;
  const byCode = Object.fromEntries((data.stations || []).map((s) => [s.code, s]));
  for (const option of form.elements.stations.options) {
    const s = byCode[option.value];
    const fits = s && (data.indexKinds[q] ? s.kind === data.indexKinds[q] : s.quantities.includes(q));
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
    const box = target.querySelector(".field-error");
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
  $("#ar-episodes").hidden = !rows.length;
  $("#ar-none").hidden = rows.length > 0;
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
  form.elements.quantity.addEventListener("change", () => filterStations(form));
  filterStations(form);
  form.addEventListener("submit", (event) => { event.preventDefault(); if (data.editable) save(form); });
  $("#ar-preview").addEventListener("click", () => preview(form));
  const disable = $("#ar-disable");
  if (disable) disable.addEventListener("click", () => toggle(form));
  const del = $("#ar-delete");
  if (del) del.addEventListener("click", () => remove(form));
  window.addEventListener("resize", () => { const c = window.echarts && echarts.getInstanceByDom($("#ar-chart")); if (c) c.resize(); });
});
