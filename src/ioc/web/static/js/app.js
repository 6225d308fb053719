// Shell behaviour: Vietnam clock, live indicator on the server's event stream.
(function () {
  "use strict";
  const IOC = (window.IOC = window.IOC || {});
  IOC.lang = document.documentElement.lang || "vi";

  function tickClock() {
    const el = document.getElementById("clock");
    if (!el) return;
    const fmt = new Intl.DateTimeFormat(IOC.lang === "vi" ? "vi-VN" : "en-GB", {
      timeZone: "Asia/Ho_Chi_Minh", hour: "2-digit", minute: "2-digit",
      day: "2-digit", month: "2-digit", year: "numeric",
    });
    el.textContent = fmt.format(new Date());
  }

  // One EventSource per page; domains listen with IOC.onEvent(subjectPrefix, fn).
  const listeners = [];
  IOC.onEvent = function (prefix, fn) { listeners.push([prefix, fn]); };

  function setLive(state) {
    const el = document.getElementById("live-indicator");
    if (!el) return;
    el.dataset.state = state;
    el.querySelector(".live-label").textContent =
      state === "on" ? el.dataset.labelOn : el.dataset.labelOff;
  }

  function connectStream() {
    if (!document.getElementById("live-indicator") || !window.EventSource) return;
    const source = new EventSource("/stream");
    source.onopen = () => setLive("on");
    source.onerror = () => setLive("off");
    source.addEventListener("event", (msg) => {
      let evt;
      try { evt = JSON.parse(msg.data); } catch (e) { return; }
      for (const [prefix, fn] of listeners) {
        if (evt.subject.startsWith(prefix)) fn(evt);
      }
    });
  }

  IOC.formatNumber = function (value, digits) {
    if (value === null || value === undefined || Number.isNaN(value)) return "—";
    return new Intl.NumberFormat(IOC.lang === "vi" ? "vi-VN" : "en-GB", {
      minimumFractionDigits: digits ?? 0, maximumFractionDigits: digits ?? 0,
    }).format(value);
  };

  // The user menu and the phone's "Thêm" sheet close on a tap outside them or on Escape.
  function closeMenus(except) {
    document.querySelectorAll("details.user-menu[open], details.tab-more[open]").forEach((d) => {
      if (!except || !d.contains(except)) d.open = false;
    });
  }
  document.addEventListener("click", (e) => closeMenus(e.target));
  document.addEventListener("keydown", (e) => { if (e.key === "Escape") closeMenus(null); });

  document.addEventListener("DOMContentLoaded", () => {
    tickClock();
    setInterval(tickClock, 15000);
    connectStream();
  });
})();
