// Citizen feedback pages: the phone form, tracking, public and staff maps, the live queue, detail actions.

import { $, escapeHtml, onReady, parseJson } from "./ioc/dom.js";
import { getJSON, send, showError } from "./ioc/api.js";
import { WARD_STYLE, addWards, createMap } from "./ioc/map.js";
import { liveFragment, refreshOn } from "./ioc/refresh.js";
import { subscribe } from "./ioc/live.js";
import { toneColor } from "./ioc/status.js";

const reload = () => window.location.reload();

// --- Citizen form -------------------------------------------------------------------------
function attributeField(a) {
  const id = "fb-attr-" + a.code, name = `attribute[${escapeHtml(a.code)}]`;
  const label = `${escapeHtml(a.description)}${a.required ? " *" : ""}`;
  if (a.datatype === "multivaluelist") {
    const items = a.values.map((v) => `<label class="fb-check"><input type="checkbox" name="${name}[]" value="${escapeHtml(v.key)}"><span>${escapeHtml(v.name)}</span></label>`).join("");
    return `<fieldset class="fb-multi"><legend>${label}</legend>${items}</fieldset>`;
  }
  if (a.datatype === "singlevaluelist") {
    const opts = a.values.map((v) => `<option value="${escapeHtml(v.key)}">${escapeHtml(v.name)}</option>`).join("");
    return `<label for="${id}">${label}</label><select id="${id}" name="${name}" ${a.required ? "required" : ""}><option value=""></option>${opts}</select>`;
  }
  const type = a.datatype === "number" ? ' inputmode="decimal"' : "";
  return `<label for="${id}">${label}</label><input id="${id}" name="${name}"${type}>`;
}

function renderAttributes(select, box) {
  const option = select.selectedOptions[0];
  box.innerHTML = option ? parseJson(option.dataset.attrs, []).map(attributeField).join("") : "";
}

async function suggestDuplicates(form) {
  const box = $("#fb-dups"), lat = $("#fb-lat").value, lon = $("#fb-lon").value, cat = $("#fb-category").value;
  box.hidden = true;
  if (!lat || !cat) return;
  const query = new URLSearchParams({ category_code: cat, lat, lon });
  const found = await getJSON(`/api/v1/feedback/duplicates?${query}`).catch(() => []);
  if (!found.length) return;
  box.innerHTML = `<span>${escapeHtml(form.dataset.msgDup)} ${found.map((d) => `#${d.id} (${Math.round(d.distance_m)} m)`).join(", ")}</span>`;
  box.hidden = false;
}

// Say where the pin is: its coordinates and the ward that contains it, or that it is outside the province.
async function showWard(form, lat, lon) {
  const box = $("#fb-ward");
  if (!box) return;
  const query = new URLSearchParams({ lat: lat.toFixed(6), lon: lon.toFixed(6) });
  const found = await getJSON(`/api/v1/areas/locate?${query}`).catch(() => null);
  if (Number($("#fb-lat").value) !== Number(lat.toFixed(6))) return;  // the pin moved again meanwhile
  const inside = Boolean(found && found.ward);
  box.textContent = inside ? `${form.dataset.msgWard} ${found.ward.name}` : form.dataset.msgOutside;
  box.className = inside ? "fb-ward muted" : "fb-ward alert alert-warn";
  box.dataset.inside = inside ? "true" : "false";
}

function bindLocation(form, map) {
  let marker = null;
  const place = (lat, lon) => {
    $("#fb-lat").value = lat.toFixed(6);
    $("#fb-lon").value = lon.toFixed(6);
    $("#fb-coords").textContent = `${lat.toFixed(5)}, ${lon.toFixed(5)}`;
    if (marker) marker.setLatLng([lat, lon]);
    else {
      marker = L.marker([lat, lon], { draggable: true, autoPan: true }).addTo(map);
      marker.on("dragend", () => { const p = marker.getLatLng(); place(p.lat, p.lng); });
    }
    showWard(form, lat, lon);
    suggestDuplicates(form);
  };
  map.on("click", (e) => place(e.latlng.lat, e.latlng.lng));
  $("#fb-gps").addEventListener("click", () => {
    if (!navigator.geolocation) return showError(form, form.dataset.msgGps);
    navigator.geolocation.getCurrentPosition((pos) => {
      place(pos.coords.latitude, pos.coords.longitude);
      map.setView([pos.coords.latitude, pos.coords.longitude], 16, { animate: false });
    }, () => showError(form, form.dataset.msgGps), { enableHighAccuracy: true, timeout: 15000 });
  });
}

async function initCitizenForm() {
  const form = $("#fb-form");
  if (!form) return;
  const mapEl = $("#fb-map");
  const map = createMap(mapEl);
  await addWards(map, { fit: true });
  mapEl.classList.add("is-ready");
  bindLocation(form, map);
  const select = $("#fb-category");
  select.addEventListener("change", () => { renderAttributes(select, $("#fb-attrs")); suggestDuplicates(form); });
  form.addEventListener("submit", async (e) => {
    e.preventDefault();
    if (!select.value) return showError(form, form.dataset.msgCategory);
    if (!$("#fb-lat").value) return showError(form, form.dataset.msgLocation);
    if ($("#fb-ward") && $("#fb-ward").dataset.inside === "false") return showError(form, form.dataset.msgOutside);
    const button = $("#fb-submit"), label = button.textContent;
    button.disabled = true;
    button.textContent = form.dataset.msgSending;
    try {
      const created = await send("/api/v1/feedback/reports", "POST", new FormData(form));
      keepSecret(created.tracking_code, created.reporter_secret);
      // The fragment carries the secret too (never sent to the server) for a browser that keeps no storage.
      window.location.href = `/phan-anh/theo-doi/${encodeURIComponent(created.tracking_code)}?moi=1`
        + `#ma=${encodeURIComponent(created.reporter_secret)}`;
    } catch (err) {
      showError(form, err);
      button.disabled = false;
      button.textContent = label;
    }
  });
}

// --- Tracking page: rate or reopen ---------------------------------------------------------
// The reporter's secret, given once when the report is filed, stays on this device: with the tracking code it
// proves who may rate or reopen (the code alone is read out on the phone and printed on paper).
const secretKey = (code) => `ioc.feedback.secret.${code}`;
function keepSecret(code, secret) {
  try { localStorage.setItem(secretKey(code), secret); } catch (e) { /* no storage: the page shows it to note */ }
}
function keptSecret(code) {
  try { return localStorage.getItem(secretKey(code)) || ""; } catch (e) { return ""; }
}

// "My reports": the tracking codes this device kept (a secret is kept under each code filed here).
function initDeviceCodes() {
  const list = $("#fb-device-codes");
  if (!list) return;
  const codes = [];
  try {
    for (let i = 0; i < localStorage.length; i += 1) {
      const key = localStorage.key(i) || "";
      if (key.startsWith(secretKey(""))) codes.push(key.slice(secretKey("").length));
    }
  } catch (e) { /* no storage */ }
  list.innerHTML = codes.length
    ? codes.sort().map((c) => `<li class="card"><a href="/phan-anh/theo-doi/${encodeURIComponent(c)}">${escapeHtml(c)}</a></li>`).join("")
    : `<li class="empty-state">${escapeHtml(list.dataset.empty)}</li>`;
}

function initSecret(code) {
  const given = new URLSearchParams(window.location.hash.slice(1)).get("ma");
  if (given) {
    keepSecret(code, given);
    history.replaceState(null, "", window.location.pathname + window.location.search);
  }
  const secret = given || keptSecret(code);
  const shown = $("#fb-secret-shown");
  if (shown && secret) { shown.textContent = secret; $("#fb-secret-note").hidden = false; }
  const input = $("#fb-secret");
  if (input && secret) { input.value = secret; $("#fb-secret-field").hidden = true; }
}

function initRating() {
  const track = $("#fb-track");
  if (!track) return;
  initSecret(track.dataset.code);
  const form = $("#fb-rate");
  if (!form) return;
  const code = encodeURIComponent(track.dataset.code);
  form.addEventListener("submit", async (e) => {
    e.preventDefault();
    const action = (e.submitter && e.submitter.dataset.action) || "rate";
    const body = { action, comment: $("#fb-comment").value, reporter_secret: $("#fb-secret").value.trim() };
    if (action === "rate") {
      // No default: the citizen chooses the stars (a pre-filled 5 would count silence as satisfaction).
      const chosen = form.querySelector('input[name="rating"]:checked');
      if (!chosen) {
        const box = form.querySelector(".alert-error");
        box.textContent = form.dataset.msgNoRating; box.hidden = false;
        form.querySelector('input[name="rating"]').focus();
        return;
      }
      body.rating = Number(chosen.value);
    }
    try {
      await send(`/api/v1/feedback/track/${code}/actions`, "POST", body);
      keepSecret(track.dataset.code, body.reporter_secret);
      reload();
    } catch (err) { showError(form, err); }
  });
}

// --- Maps of reports ------------------------------------------------------------------------
function initPoints() {
  const node = $("#fb-points");
  if (!node) return;
  const map = createMap(node);
  const layer = L.layerGroup().addTo(map);
  async function load() {
    const data = await getJSON(node.dataset.points);
    layer.clearLayers();
    const bounds = [];
    for (const f of data.features) {
      const [lon, lat] = f.geometry.coordinates, p = f.properties;
      const link = node.dataset.link ? `<br><a href="${escapeHtml(node.dataset.link)}${p.id}">#${p.id}</a>` : ` #${p.id}`;
      const note = p.outside && node.dataset.msgOutside ? `<br><em>${escapeHtml(node.dataset.msgOutside)}</em>` : "";
      L.circleMarker([lat, lon], { radius: 7, color: p.outside ? "#17212b" : "#ffffff", weight: p.outside ? 2 : 1.5,
        dashArray: p.outside ? "3 3" : null, fillColor: toneColor(p.tone), fillOpacity: 0.9 })
        .bindPopup(`<strong>${escapeHtml(p.category)}</strong><br>${escapeHtml(p.status_label)}${note}${link}`).addTo(layer);
      if (!p.outside) bounds.push([lat, lon]);  // the view stays on the province
    }
    const outside = data.features.filter((f) => f.properties.outside).length;
    const banner = document.getElementById("fb-points-outside");
    if (banner) {
      banner.textContent = outside ? `${banner.dataset.label} ${outside}` : "";
      banner.hidden = !outside;
    }
    if (bounds.length && !node.dataset.fitted) {
      map.fitBounds(bounds, { padding: [24, 24], maxZoom: 12, animate: false });
      node.dataset.fitted = "1";
    }
    node.dataset.count = String(data.features.length);
    node.classList.add("is-ready");
  }
  refreshOn("feedback.>", load, { delay: 800 });
  addWards(map, { fit: true }).then(load).catch((err) => console.warn("feedback: map points", err));
}

function initPin() {
  const node = $("#fb-pin");
  if (!node) return;
  const map = createMap(node);
  const at = [Number(node.dataset.lat), Number(node.dataset.lon)];
  map.setView(at, 13, { animate: false });
  L.marker(at).addTo(map);
  addWards(map, { style: WARD_STYLE, back: true });
}

// --- Staff queue: live refresh ----------------------------------------------------------------
function initQueue() {
  const box = $("#fb-queue");
  if (box) liveFragment(box, "feedback.>", { src: box.dataset.src, delay: 500 });
}

// --- Staff detail: actions and notes ----------------------------------------------------------
function actionBody(form, select) {
  const need = select.selectedOptions[0].dataset.needs;
  const body = { action: select.value };
  if (need === "agency") body.agency_code = $("#fb-agency-code").value;
  if (need === "reason") body.reason = $("#fb-reason").value;
  if (need === "reply") body.reply = $("#fb-reply-text").value;
  if (need === "original") body.original_id = Number($("#fb-original").value) || null;
  return body;
}

// Resolving is multipart: the public reply and the agency's "after" photos, only the files actually chosen.
async function submitAction(id, form, select) {
  const files = $("#fb-after-photo");
  if (select.value !== "resolve" || !files) return send(`/api/v1/feedback/reports/${id}/actions`, "POST", actionBody(form, select));
  const data = new FormData();
  data.append("reply", $("#fb-reply-text").value);
  for (const file of files.files) data.append("photo", file, file.name);
  return send(`/api/v1/feedback/reports/${id}/resolution`, "POST", data);
}

function initDetail() {
  const head = $("#fb-detail");
  if (!head) return;
  const id = head.dataset.id;
  let busy = false;  // our own change comes back as an event: the submit reloads, not the event
  const form = $("#fb-act");
  if (form) {
    const select = $("#fb-action");
    const toggle = () => {
      const need = select.selectedOptions[0].dataset.needs;
      form.querySelectorAll("[data-need]").forEach((node) => { node.hidden = node.dataset.need !== need; });
    };
    select.addEventListener("change", toggle);
    toggle();
    form.addEventListener("submit", async (e) => {
      e.preventDefault();
      busy = true;
      try { await submitAction(id, form, select); reload(); } catch (err) { busy = false; showError(form, err); }
    });
  }
  const note = $("#fb-note");
  if (note) {
    note.addEventListener("submit", async (e) => {
      e.preventDefault();
      busy = true;
      try {
        await send(`/api/v1/feedback/reports/${id}/notes`, "POST", { text: $("#fb-note-text").value, public: $("#fb-note-public").checked });
        reload();
      } catch (err) { busy = false; showError(note, err); }
    });
  }
  subscribe("feedback.report.>", (evt) => { if (!busy && String(evt.data.id) === id) reload(); });
}

onReady(() => {
  initCitizenForm(); initRating(); initDeviceCodes(); initPoints(); initPin(); initQueue(); initDetail();
});
