"""Sessions, the login gate, forced password change and security headers."""

from urllib.parse import urlsplit

from flask import Flask, Response, redirect, request, url_for
from flask_login import current_user

from smasweb.extensions import db, htmx, login_manager
from smasweb.models import User

PUBLIC_ENDPOINTS = {
    "auth.login",
    "static",
    "health.healthz",
    "metrics.scrape",  # checks its own bearer token
    "verify.index",
    "verify.show",
}
# Endpoints a user who must change the password may still reach.
PASSWORD_CHANGE_ENDPOINTS = {"auth.password", "auth.logout", "static", "health.healthz"}

CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "font-src 'self'; connect-src 'self'; form-action 'self'; base-uri 'self'; "
    "object-src 'none'; frame-ancestors 'none'"
)


@login_manager.user_loader
def load_user(user_id: str) -> User | None:
    """The session holds "id:token"; a changed token (password reset) ends the session."""
    ident, _, token = user_id.partition(":")
    if not ident.isdigit():
        return None
    user = db.session.get(User, int(ident))
    if user is None or user.session_token != token or not user.active:
        return None
    return user


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


def _headers(resp: Response) -> Response:
    h = resp.headers
    h.setdefault("Content-Security-Policy", CSP)
    h.setdefault("X-Content-Type-Options", "nosniff")
    h.setdefault("X-Frame-Options", "DENY")
    h.setdefault("Referrer-Policy", "same-origin")
    h.setdefault("Cross-Origin-Opener-Policy", "same-origin")
    h.setdefault("Permissions-Policy", "camera=(), microphone=(), geolocation=()")
    if request.endpoint != "static" and "Cache-Control" not in h:
        h["Cache-Control"] = "no-store" if current_user.is_authenticated else "no-cache"
    if request.is_secure:
        h.setdefault("Strict-Transport-Security", "max-age=31536000; includeSubDomains")
    return resp


def init_app(app: Flask) -> None:
    login_manager.login_view = "auth.login"
    login_manager.session_protection = "basic"
    app.before_request(_gate)
    app.after_request(_headers)
