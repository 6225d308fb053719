// The demo's webhook sink page: the list follows each body the sink receives (the server renders it).
import { onReady } from "./ioc/dom.js";
import { liveFragment } from "./ioc/refresh.js";

onReady(() => {
  liveFragment(document.getElementById("nt-sink"), "notify.demo_sink.>");
});
