// Ward map: GeoJSON boundaries from the API, no tile server needed.
(function () {
  "use strict";
  const IOC = (window.IOC = window.IOC || {});

  function wardStyle(feature) {
    const urban = feature.properties.division_type === "phường";
    return { color: "#ffffff", weight: 1.2, fillColor: urban ? "#5b8fc7" : "#9cc59a", fillOpacity: 0.75 };
  }

  function escapeHtml(text) {
    return String(text).replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" }[c]));
  }

  IOC.createMap = function (el) {
    const map = L.map(el, { zoomSnap: 0.25, attributionControl: !!el.dataset.tileUrl });
    if (el.dataset.tileUrl) {
      L.tileLayer(el.dataset.tileUrl, { maxZoom: 18 }).addTo(map);
    }
    map.setView([16, 107], 6);
    return map;
  };

  function fillList(layer, features, map) {
    const list = document.getElementById("ward-items");
    const filter = document.getElementById("ward-filter");
    if (!list) return;
    const fold = (s) => s.normalize("NFD").replace(/[\u0300-\u036f]/g, "").replace(/đ/g, "d").replace(/Đ/g, "D").toLowerCase();
    const items = features.map((f) => ({ f, key: fold(f.properties.name + " " + f.properties.code) }))
      .sort((a, b) => a.f.properties.name.localeCompare(b.f.properties.name, "vi"));
    function render() {
      const q = fold(filter.value.trim());
      list.innerHTML = "";
      for (const { f, key } of items) {
        if (q && !key.includes(q)) continue;
        const li = document.createElement("li");
        const btn = document.createElement("button");
        btn.type = "button";
        btn.className = "ward-item";
        btn.innerHTML = `<span>${escapeHtml(f.properties.name)}</span><small>${escapeHtml(f.properties.code)}</small>`;
        btn.addEventListener("click", () => {
          layer.eachLayer((l) => { if (l.feature.properties.code === f.properties.code) { map.fitBounds(l.getBounds(), { maxZoom: 13 }); l.openPopup(); } });
        });
        li.appendChild(btn);
        list.appendChild(li);
      }
    }
    filter.addEventListener("input", render);
    render();
  }

  async function initWardMap() {
    const el = document.getElementById("ward-map");
    if (!el) return;
    el.classList.add("is-loading");
    el.dataset.status = el.dataset.labelLoading;
    const map = IOC.createMap(el);
    let data;
    try {
      const res = await fetch(el.dataset.geojson, { credentials: "same-origin" });
      if (!res.ok) throw new Error(res.status);
      data = await res.json();
    } catch (e) {
      el.classList.remove("is-loading");
      el.dataset.status = el.dataset.labelError;
      el.classList.add("has-status");
      return;
    }
    el.classList.remove("is-loading");
    if (!data.features.length) {
      el.dataset.status = el.dataset.labelEmpty;
      el.classList.add("has-status");
      return;
    }
    const layer = L.geoJSON(data, {
      style: wardStyle,
      onEachFeature: (feature, lyr) => {
        const p = feature.properties;
        const note = p.synthetic ? `<br><em>${escapeHtml(el.dataset.labelSynthetic)}</em>` : "";
        lyr.bindPopup(`<strong>${escapeHtml(p.name)}</strong><br>${escapeHtml(p.division_type)} · ${escapeHtml(p.code)}${note}`);
        lyr.on("mouseover", () => lyr.setStyle({ weight: 3, color: "#0d2a47" }));
        lyr.on("mouseout", () => lyr.setStyle({ weight: 1.2, color: "#ffffff" }));
      },
    }).addTo(map);
    map.fitBounds(layer.getBounds(), { padding: [8, 8], animate: false });
    el.dataset.wardCount = String(data.features.length);
    el.classList.add("is-ready");
    IOC.wardMap = map;
    fillList(layer, data.features, map);
  }

  document.addEventListener("DOMContentLoaded", initWardMap);
})();
