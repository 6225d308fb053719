"""/docs works offline (defect 16): Swagger UI comes from the server itself, with every other host blocked."""

from __future__ import annotations

from tests.browser import watch_errors


def test_the_api_docs_render_with_the_network_blocked_beyond_loopback(live_server, new_page):
    page = new_page("laptop")
    errors = watch_errors(page)
    outside: list[str] = []

    def only_loopback(route) -> None:
        if route.request.url.startswith(live_server.url):
            route.continue_()
        else:
            outside.append(route.request.url)
            route.abort()

    page.route("**/*", only_loopback)
    page.goto(f"{live_server.url}/docs")
    page.wait_for_selector(".swagger-ui .info .title", timeout=60000)
    page.wait_for_selector(".opblock-tag", timeout=60000)  # the operations of the OpenAPI document
    assert "IOC API" in page.inner_text(".swagger-ui .info .title")
    assert outside == [] and errors == []
