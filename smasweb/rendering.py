"""The two ends of a view: render() a page (or only the named block for in-page htmx
requests), or done() after a successful POST (commit, flash, go on)."""

from flask import Response, flash, make_response, redirect, render_template, session
from flask_htmx import make_response as hx_response
from jinja2_fragments.flask import render_block

from smasweb.extensions import db, htmx


def wants_fragment() -> bool:
    """A non-boosted htmx request that is not a history restore wants a fragment."""
    return bool(htmx) and not htmx.boosted and not htmx.history_restore_request


def render(
    template: str, block: str | None = None, status: int = 200, **ctx
) -> Response:
    if block and wants_fragment():
        body = render_block(template, block, **ctx)
        if _has_flashes():
            body += render_template("_flashes.html", oob=True)
    else:
        body = render_template(template, **ctx)
    resp = make_response(body, status)
    resp.vary.add("HX-Request")
    return resp


def done(target: str, message: str) -> Response:
    """After a successful POST: commit, flash, then HX-Location (htmx) or 303."""
    db.session.commit()
    flash(message, "success")
    if wants_fragment():
        return hx_response(location=target)
    return redirect(target, 303)


def _has_flashes() -> bool:
    """Peek without consuming: _flashes.html pops them."""
    return bool(session.get("_flashes"))
