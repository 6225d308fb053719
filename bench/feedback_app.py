"""The app served by bench/feedback_open311.py: the real IOC app plus bare baseline handlers."""

from __future__ import annotations

from fastapi import Form
from fastapi.responses import Response

from ioc.main import create_app

ROW = b'{"service_request_id":"1","status":"open"}'


def make_app():
    """The IOC app from IOC_* settings with /bench/bare (GET and POST) added."""
    app = create_app(run_background=False)

    @app.get("/bench/bare")
    def bare_get() -> Response:
        """A bare handler: no database, a constant body."""
        return Response(ROW, media_type="application/json")

    @app.post("/bench/bare")
    def bare_post(service_code: str = Form(...)) -> Response:
        """A bare handler that parses the same form and writes nothing."""
        return Response(b'[{"service_request_id":"1"}]', media_type="application/json")

    return app
