"""One render helper: the whole page, or only the named block for in-page htmx requests."""

from flask import Response, make_response, render_template, session
from jinja2_fragments.flask import render_block

from smasweb.extensions import htmx


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


def _has_flashes() -> bool:
    """Peek without consuming: _flashes.html pops them."""
    return bool(session.get("_flashes"))
