"""The two ends of a view: render() a page (or only the named block for in-page htmx
requests), or done() after a successful POST (commit, flash, go on)."""

from urllib.parse import quote

from flask import (
    Response,
    flash,
    make_response,
    redirect,
    render_template,
    request,
    session,
)
from flask_htmx import make_response as hx_response
from jinja2_fragments.flask import render_block

from smasweb.extensions import db, htmx

# done() sends htmx on to the next page with this header: that GET replaces the whole
# body, so it must get the whole page, even from a view that has a fragment block.
PAGE_HEADER = "SMAS-Page"


def wants_fragment() -> bool:
    """A non-boosted htmx request that is not a history restore (nor done()'s next
    page) wants a fragment."""
    return (
        bool(htmx)
        and not htmx.boosted
        and not htmx.history_restore_request
        and request.headers.get(PAGE_HEADER) != "full"
    )


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
    # No Vary on PAGE_HEADER: only a signed-in user's next page carries it, and those
    # pages are never stored (security.py), so the header would only cost bytes.
    resp.vary.add("HX-Request")
    return resp


def done(target: str, message: str) -> Response:
    """After a successful POST: commit, flash, then HX-Location (htmx) or 303."""
    db.session.commit()
    flash(message, "success")
    if wants_fragment():
        return go_to(target)
    return redirect(target, 303)


def go_to(target: str) -> Response:
    """Send htmx on to the page at `target`, whole (HX-Location into the body)."""
    return hx_response(
        location={"path": target, "target": "body", "headers": {PAGE_HEADER: "full"}}
    )


def _has_flashes() -> bool:
    """Peek without consuming: _flashes.html pops them."""
    return bool(session.get("_flashes"))


def attachment(resp: Response, filename: str) -> Response:
    """Name a download for every browser: `filename` (ASCII) and the RFC 6266
    filename* in UTF-8 with the same name, so no browser falls back to the URL."""
    ascii_name = filename.encode("ascii", "replace").decode().replace('"', "")
    resp.headers["Content-Disposition"] = (
        f'attachment; filename="{ascii_name}"; '
        f"filename*=UTF-8''{quote(filename, safe='')}"
    )
    return resp
