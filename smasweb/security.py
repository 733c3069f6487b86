"""Sessions, the login gate, forced password change and security headers."""

from urllib.parse import urlsplit

from flask import (
    Flask,
    Response,
    current_app,
    redirect,
    request,
    session,
    url_for,
)
from flask_login import current_user
from werkzeug.middleware.proxy_fix import ProxyFix

from smasweb.error_pages import error_response
from smasweb.extensions import htmx, login_manager
from smasweb.models import User
from smasweb.services.accounts import sessions

PUBLIC_ENDPOINTS = {
    "auth.login",
    "auth.forgot_password",
    "static",
    "health.healthz",
    "metrics.scrape",  # checks its own bearer token
    "verify.index",
    "verify.show",
}
# Endpoints a user who must change the password may still reach.
PASSWORD_CHANGE_ENDPOINTS = {"auth.password", "auth.logout", "static", "health.healthz"}

# Styles, fonts and fetches fall back to default-src (the same 'self'): left out, as
# every document carries this header over the slow line
CSP = (
    "default-src 'self'; script-src 'self'; img-src 'self' data:; "
    "form-action 'self'; base-uri 'self'; object-src 'none'; frame-ancestors 'none'"
)


@login_manager.user_loader
def load_user(user_id: str) -> User | None:
    """The cookie holds "id:token" and a session id: a changed token (password reset)
    ends every session of the user, an ended session (logout, idle) ends this one."""
    ident, _, token = user_id.partition(":")
    if not ident.isdigit() or len(ident) > 10:
        return None
    return sessions.load(int(ident), token, session.get(sessions.SESSION_KEY))


@login_manager.unauthorized_handler
def unauthorized() -> Response:
    target = url_for("auth.login", next=safe_next(request.full_path))
    if htmx:
        resp = Response(status=401)
        resp.headers["HX-Redirect"] = target
        return resp
    return redirect(target)


def safe_next(target: str | None) -> str | None:
    """Only same-site relative paths may be a redirect target after login."""
    if not target:
        return None
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or not target.startswith("/") or "\\" in target:
        return None
    return target.rstrip("?") or None


def _gate():
    endpoint = request.endpoint or ""
    if endpoint in PUBLIC_ENDPOINTS:
        return None
    if not current_user.is_authenticated:
        return unauthorized()
    if current_user.must_change_password and endpoint not in PASSWORD_CHANGE_ENDPOINTS:
        target = url_for("auth.password")
        if htmx:
            return Response(status=204, headers={"HX-Redirect": target})
        return redirect(target)
    return None


STATE_CHANGING = frozenset({"POST", "PUT", "PATCH", "DELETE"})
FOREIGN_ORIGIN = "Yêu cầu bị từ chối: biểu mẫu được gửi từ một trang web khác."


def _same_origin() -> Response | None:
    """Refuse a state-changing request that a browser says came from another site.

    The CSRF token already stops forged forms; this is the second, independent check
    (OWASP ASVS 4.2.2): the browser's Origin (or, without it, Sec-Fetch-Site) must
    name this site, as the request reached us or as SMAS_PUBLIC_URL says.
    """
    if request.method not in STATE_CHANGING:
        return None
    origin = request.headers.get("Origin")
    if origin is None:
        if request.headers.get("Sec-Fetch-Site") == "cross-site":
            return _refuse_origin()
        return None  # not a browser, or an old one: the CSRF token decides
    allowed = {f"{request.scheme}://{request.host}".lower()}
    public = current_app.config.get("PUBLIC_URL")
    if public:
        parts = urlsplit(public)
        allowed.add(f"{parts.scheme}://{parts.netloc}".lower())
    if origin.lower().rstrip("/") not in allowed:
        return _refuse_origin()
    return None


def _refuse_origin() -> Response:
    return error_response(403, FOREIGN_ORIGIN)


def _headers(resp: Response) -> Response:
    h = resp.headers
    h.setdefault("X-Content-Type-Options", "nosniff")
    h.setdefault("Referrer-Policy", "same-origin")
    if request.is_secure:
        h.setdefault("Strict-Transport-Security", "max-age=31536000; includeSubDomains")
    if request.endpoint == "static" and resp.mimetype != "image/svg+xml":
        # A stylesheet or a script is never a document: the document headers would
        # only add half a kilobyte to each file on a slow line.
        _static_cache(resp)
        return resp
    if resp.status_code in (301, 302, 303, 307, 308):
        # nor is a redirect rendered (the sign-in's 303 on a slow line)
        h["Cache-Control"] = "no-store"
        return resp
    h.setdefault("Content-Security-Policy", CSP)
    h.setdefault("X-Frame-Options", "DENY")
    h.setdefault("Cross-Origin-Opener-Policy", "same-origin")
    h.setdefault("Permissions-Policy", "camera=(), microphone=(), geolocation=()")
    if request.endpoint != "static":
        # Everything but the hashed static files is private or changes: even a
        # download that send_file marked cacheable (pupils' workbooks, PDFs) must not
        # stay in a shared computer's cache or a proxy.
        if current_user.is_authenticated or "attachment" in h.get(
            "Content-Disposition", ""
        ):
            h["Cache-Control"] = "no-store"
            h.pop("Expires", None)
        else:
            h.setdefault("Cache-Control", "no-cache")
    return resp


def _static_cache(resp: Response) -> None:
    """A fingerprinted static URL (?v=hash) never changes: cached for a year without
    revalidation; Expires and the download name are redundant bytes."""
    if request.args.get("v") and resp.status_code == 200:
        resp.headers["Cache-Control"] = "public, max-age=31536000, immutable"
    resp.headers.pop("Expires", None)
    resp.headers.pop("Content-Disposition", None)


def _trust_proxies(app: Flask) -> None:
    """SMAS_TRUSTED_PROXIES=N: N proxies in front set X-Forwarded-For/-Proto/-Host;
    only then are those headers believed (client address, https, HSTS)."""
    hops = int(app.config.get("TRUSTED_PROXIES") or 0)
    if hops > 0:
        app.wsgi_app = ProxyFix(
            app.wsgi_app, x_for=hops, x_proto=hops, x_host=hops, x_port=hops
        )


def init_app(app: Flask) -> None:
    login_manager.login_view = "auth.login"
    login_manager.session_protection = "basic"
    _trust_proxies(app)
    app.before_request(_same_origin)
    app.before_request(_gate)
    app.after_request(_headers)
