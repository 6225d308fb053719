// Starts Swagger UI (the vendored swagger-ui-bundle.js) on the API documentation page (ioc.web.docs).

import { onReady, readJson } from "./ioc/dom.js";

onReady(() => {
  const config = readJson("docs-config", {});
  window.ui = SwaggerUIBundle({
    url: config.url,
    dom_id: "#swagger-ui",
    layout: "BaseLayout",
    deepLinking: true,
    showExtensions: true,
    showCommonExtensions: true,
    validatorUrl: null,  // no call to swagger.io: nothing leaves the server at run time
    oauth2RedirectUrl: window.location.origin + config.oauth2RedirectUrl,
    presets: [SwaggerUIBundle.presets.apis, SwaggerUIBundle.SwaggerUIStandalonePreset],
  });
});
