"""Errors of the HTML app: a browser asking for a page gets a page in the user's language, inside the frame.

The JSON API keeps its RFC 9457 problem details; ioc.kit.handlers asks `page_problem` first.
"""

from __future__ import annotations

from fastapi import Request
from fastapi.responses import Response

from ioc.auth.deps import session_principal
from ioc.kit.errors import Problem
from ioc.web.session import LoginRequired, login_redirect
from ioc.web.templating import render

API_PREFIXES = ("/api/", "/open311/", "/ngsi-ld/", "/static/", "/stream", "/metrics", "/healthz", "/openapi.json")
MESSAGES = {
    400: ("Yêu cầu không hợp lệ", "Địa chỉ trang có tham số không hợp lệ."),
    403: ("Không có quyền truy cập", "Tài khoản của bạn không được mở trang này."),
    404: ("Không tìm thấy", "Trang hoặc dữ liệu bạn tìm không có hoặc đã bị xóa."),
    409: ("Xung đột dữ liệu", "Dữ liệu vừa thay đổi; vui lòng tải lại trang."),
    422: ("Yêu cầu không hợp lệ", "Địa chỉ trang có tham số không hợp lệ."),
    429: ("Quá nhiều yêu cầu", "Vui lòng thử lại sau ít phút."),
    500: ("Đã xảy ra lỗi", "Hệ thống gặp lỗi ngoài dự kiến và đã ghi lại; vui lòng thử lại sau."),
}


def wants_page(request: Request) -> bool:
    """A browser navigating to a page (not the API, not a script's fetch)."""
    if request.method not in ("GET", "HEAD") or request.url.path.startswith(API_PREFIXES):
        return False
    accept = request.headers.get("accept", "")
    return "text/html" in accept and request.headers.get("x-requested-with") is None


def page_problem(request: Request, problem: Problem) -> Response | None:
    """The HTML answer to a problem met while opening a page, or None when the caller wants JSON."""
    if not wants_page(request):
        return None
    try:
        with request.app.state.session_factory() as db:
            principal, _ = session_principal(request, db)
    except Exception:  # the database itself may be what failed: the page is drawn without the user
        principal = None
    if problem.status == 401:
        return login_redirect(LoginRequired(request.url.path))
    staff = principal if principal is not None and principal.role != "citizen" else None
    title, message = MESSAGES.get(problem.status, MESSAGES[500 if problem.status >= 500 else 400])
    response = render(
        request, "error.html", staff, status_code=problem.status, title=title, message=message, code=problem.status
    )
    response.headers.update(problem.headers)
    return response
