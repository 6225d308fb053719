// Citizen feedback pages: the phone form, tracking, public and staff maps, live queue, detail actions.
(function () {
  "use strict";
  const IOC = (window.IOC = window.IOC || {});
  const TONES = { ok: "#1b7f3b", warn: "#9a5b00", bad: "#b3261e", nodata: "#5f6b76" };
  const csrf = () => (document.querySelector('meta[name="csrf-token"]') || {}).content || "";
  const $ = (sel, root) => (root || document).querySelector(sel);

  function esc(text) {
    return String(text ?? "").replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" }[c]));
  }

  async function send(url, method, body, isJson) {
    const headers = { "X-CSRF-Token": csrf(), Accept: "application/json" };
    if (isJson) headers["Content-Type"] = "application/json";
    const res = await fetch(url, { method, headers, body: isJson ? JSON.stringify(body) : body, credentials: "same-origin" });
    let data = null;
    try { data = await res.json(); } catch (e) { data = null; }
    if (!res.ok) {
      const detail = data && (data.detail || (Array.isArray(data) && data[0] && data[0].description));
      throw new Error(detail || String(res.status));
    }
    return data;
  }

  function showError(form, message) {
    const el = form.querySelector(".alert-error");
    if (!el) return;
    el.textContent = message;
    el.hidden = false;
  }

  async function wardLayer(map, el) {
    if (!el.dataset.geojson) return null;
    try {
      const data = await (await fetch(el.dataset.geojson)).json();
      const layer = L.geoJSON(data, { style: { color: "#ffffff", weight: 1, fillColor: "#9cc59a", fillOpacity: 0.5 },
        interactive: false }).addTo(map);
      if (data.features.length) map.fitBounds(layer.getBounds(), { animate: false });
      return layer;
    } catch (e) { return null; }
  }

  // --- Citizen form -------------------------------------------------------------------------
  function renderAttributes(select, box) {
    const option = select.selectedOptions[0];
    box.innerHTML = "";
    if (!option || !option.dataset.attrs) return;
    for (const a of JSON.parse(option.dataset.attrs)) {
      const id = "fb-attr-" + a.code;
      const star = a.required ? " *" : "";
      if (a.datatype === "multivaluelist") {
        const items = a.values.map((v) => `<label class="fb-check"><input type="checkbox" name="attribute[${esc(a.code)}][]" value="${esc(v.key)}"><span>${esc(v.name)}</span></label>`).join("");
        box.insertAdjacentHTML("beforeend", `<fieldset class="fb-multi"><legend>${esc(a.description)}${star}</legend>${items}</fieldset>`);
      } else if (a.datatype === "singlevaluelist") {
        const opts = a.values.map((v) => `<option value="${esc(v.key)}">${esc(v.name)}</option>`).join("");
        box.insertAdjacentHTML("beforeend", `<label for="${id}">${esc(a.description)}${star}</label><select id="${id}" name="attribute[${esc(a.code)}]" ${a.required ? "required" : ""}><option value=""></option>${opts}</select>`);
      } else {
        const type = a.datatype === "number" ? ' inputmode="decimal"' : "";
        box.insertAdjacentHTML("beforeend", `<label for="${id}">${esc(a.description)}${star}</label><input id="${id}" name="attribute[${esc(a.code)}]"${type}>`);
      }
    }
  }

  async function suggestDuplicates(form) {
    const box = $("#fb-dups"), lat = $("#fb-lat").value, lon = $("#fb-lon").value, cat = $("#fb-category").value;
    box.hidden = true;
    if (!lat || !cat) return;
    const res = await fetch(`/api/v1/feedback/duplicates?category_code=${encodeURIComponent(cat)}&lat=${lat}&lon=${lon}`);
    const found = res.ok ? await res.json() : [];
    if (!found.length) return;
    box.innerHTML = `<span>${esc(form.dataset.msgDup)} ${found.map((d) => `#${d.id} (${Math.round(d.distance_m)} m)`).join(", ")}</span>`;
    box.hidden = false;
  }

  async function initCitizenForm() {
    const form = $("#fb-form");
    if (!form) return;
    const mapEl = $("#fb-map");
    const map = IOC.createMap(mapEl);
    await wardLayer(map, mapEl);
    mapEl.classList.add("is-ready");
    let marker = null;
    const place = (lat, lon) => {
      $("#fb-lat").value = lat.toFixed(6);
      $("#fb-lon").value = lon.toFixed(6);
      $("#fb-coords").textContent = `${lat.toFixed(5)}, ${lon.toFixed(5)}`;
      if (marker) marker.setLatLng([lat, lon]); else marker = L.marker([lat, lon]).addTo(map);
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
    const select = $("#fb-category");
    select.addEventListener("change", () => { renderAttributes(select, $("#fb-attrs")); suggestDuplicates(form); });
    form.addEventListener("submit", async (e) => {
      e.preventDefault();
      if (!select.value) return showError(form, form.dataset.msgCategory);
      if (!$("#fb-lat").value) return showError(form, form.dataset.msgLocation);
      const button = $("#fb-submit");
      button.disabled = true;
      const label = button.textContent;
      button.textContent = form.dataset.msgSending;
      try {
        const created = await send("/api/v1/feedback/reports", "POST", new FormData(form), false);
        keepSecret(created.tracking_code, created.reporter_secret);
        // The fragment carries the secret too (never sent to the server) for a browser that keeps no storage.
        window.location.href = `/phan-anh/theo-doi/${created.tracking_code}?moi=1#ma=${encodeURIComponent(created.reporter_secret)}`;
      } catch (err) {
        showError(form, `${form.dataset.msgError} ${err.message}`);
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
    const code = track.dataset.code;
    initSecret(code);
    const form = $("#fb-rate");
    if (!form) return;
    form.addEventListener("submit", async (e) => {
      e.preventDefault();
      const action = (e.submitter && e.submitter.dataset.action) || "rate";
      const body = { action, comment: $("#fb-comment").value, reporter_secret: $("#fb-secret").value.trim() };
      if (action === "rate") body.rating = Number(form.querySelector('input[name="rating"]:checked').value);
      try {
        await send(`/api/v1/feedback/track/${code}/actions`, "POST", body, true);
        keepSecret(code, body.reporter_secret);
        window.location.reload();
      } catch (err) { showError(form, `${form.dataset.msgError} ${err.message}`); }
    });
  }

  // --- Maps of reports ------------------------------------------------------------------------
  async function initPoints() {
    const el = $("#fb-points");
    if (!el) return;
    const map = IOC.createMap(el);
    await wardLayer(map, el);
    const layer = L.layerGroup().addTo(map);
    async function load() {
      const data = await (await fetch(el.dataset.points, { credentials: "same-origin" })).json();
      layer.clearLayers();
      const bounds = [];
      for (const f of data.features) {
        const [lon, lat] = f.geometry.coordinates, p = f.properties;
        const link = el.dataset.link ? `<br><a href="${el.dataset.link}${p.id}">#${p.id}</a>` : ` #${p.id}`;
        L.circleMarker([lat, lon], { radius: 7, color: "#ffffff", weight: 1.5, fillColor: TONES[p.tone] || TONES.nodata, fillOpacity: 0.9 })
          .bindPopup(`<strong>${esc(p.category)}</strong><br>${esc(p.status_label)}${link}`).addTo(layer);
        bounds.push([lat, lon]);
      }
      if (bounds.length && !el.dataset.fitted) { map.fitBounds(bounds, { padding: [24, 24], maxZoom: 12, animate: false }); el.dataset.fitted = "1"; }
      el.dataset.count = String(data.features.length);
      el.classList.add("is-ready");
    }
    await load();
    IOC.onEvent && IOC.onEvent("feedback.", debounce(load, 800));
  }

  function initPin() {
    const el = $("#fb-pin");
    if (!el) return;
    const map = IOC.createMap(el);
    const at = [Number(el.dataset.lat), Number(el.dataset.lon)];
    map.setView(at, 13, { animate: false });
    fetch("/api/v1/areas/geojson?level=ward").then((r) => r.json()).then((data) => {
      L.geoJSON(data, { style: { color: "#ffffff", weight: 1, fillColor: "#9cc59a", fillOpacity: 0.5 }, interactive: false })
        .addTo(map).bringToBack();
    }).catch(() => null);
    L.marker(at).addTo(map);
  }

  function debounce(fn, ms) {
    let timer = null;
    return (...args) => { clearTimeout(timer); timer = setTimeout(() => fn(...args), ms); };
  }

  // --- Staff queue: live refresh ----------------------------------------------------------------
  function initQueue() {
    const box = $("#fb-queue");
    if (!box || !IOC.onEvent) return;
    IOC.onEvent("feedback.", debounce(async () => {
      const res = await fetch(box.dataset.src, { credentials: "same-origin" });
      if (res.ok) { box.innerHTML = await res.text(); box.dataset.refreshed = String(Date.now()); }
    }, 500));
  }

  // --- Staff detail: actions and notes ----------------------------------------------------------
  function initDetail() {
    const head = $("#fb-detail");
    if (!head) return;
    const id = head.dataset.id;
    let busy = false;
    const form = $("#fb-act");
    if (form) {
      const select = $("#fb-action");
      const toggle = () => {
        const need = select.selectedOptions[0].dataset.needs;
        form.querySelectorAll("[data-need]").forEach((el) => { el.hidden = el.dataset.need !== need; });
      };
      select.addEventListener("change", toggle);
      toggle();
      form.addEventListener("submit", async (e) => {
        e.preventDefault();
        const need = select.selectedOptions[0].dataset.needs;
        const body = { action: select.value };
        if (need === "agency") body.agency_code = $("#fb-agency-code").value;
        if (need === "reason") body.reason = $("#fb-reason").value;
        if (need === "reply") body.reply = $("#fb-reply-text").value;
        if (need === "original") body.original_id = Number($("#fb-original").value) || null;
        busy = true;
        try {
          await send(`/api/v1/feedback/reports/${id}/actions`, "POST", body, true);
          window.location.reload();
        } catch (err) { busy = false; showError(form, `${form.dataset.msgError} ${err.message}`); }
      });
    }
    const note = $("#fb-note");
    if (note) {
      note.addEventListener("submit", async (e) => {
        e.preventDefault();
        busy = true;
        await send(`/api/v1/feedback/reports/${id}/notes`, "POST",
          { text: $("#fb-note-text").value, public: $("#fb-note-public").checked }, true);
        window.location.reload();
      });
    }
    IOC.onEvent && IOC.onEvent("feedback.report.", (evt) => {
      if (!busy && String(evt.data.id) === id) window.location.reload();
    });
  }

  // --- Admin: categories ------------------------------------------------------------------------
  function initCategories() {
    const form = $("#fb-cat-form");
    if (!form) return;
    document.querySelectorAll("[data-edit]").forEach((btn) => btn.addEventListener("click", () => {
      $("#fb-cat-json").value = JSON.stringify(JSON.parse(btn.dataset.edit), null, 2);
      $("#fb-cat-json").focus();
    }));
    form.addEventListener("submit", async (e) => {
      e.preventDefault();
      try {
        const body = JSON.parse($("#fb-cat-json").value);
        await send(`/api/v1/feedback/categories/${encodeURIComponent(body.code)}`, "PUT", body, true);
        window.location.reload();
      } catch (err) { showError(form, `${form.dataset.msgError} ${err.message}`); }
    });
  }

  document.addEventListener("DOMContentLoaded", () => {
    initCitizenForm(); initRating(); initPoints(); initPin(); initQueue(); initDetail(); initCategories();
  });
})();
