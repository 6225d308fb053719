// Notifications page: the delivery log follows live notifications (the server renders the fragment).
import { onReady } from "./ioc/dom.js";
import { liveFragment } from "./ioc/refresh.js";

onReady(() => {
  liveFragment(document.getElementById("nt-log-live"), "notify.notification.>");
});
