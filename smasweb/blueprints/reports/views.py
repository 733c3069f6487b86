"""Reports: the preview page (/reports/) and the filters every report route reads.

The filter form is a plain GET form; with htmx it swaps #report-preview and sends
the filters back out of band, since the units and levels offered depend on the
unit chosen.
"""

from collections.abc import Mapping

from flask import make_response, request
from flask_login import current_user
from jinja2_fragments.flask import render_blocks

from smasweb import codelists
from smasweb.blueprints.forms_common import EmptyForm
from smasweb.blueprints.query_args import int_arg
from smasweb.rendering import render, wants_fragment
from smasweb.services.errors import NotFound
from smasweb.services.reports import choices as report_choices
from smasweb.services.reports import documents as docs
from smasweb.services.reports import official
from smasweb.services.reports import scope as report_scope

from .blueprint import bp

TEMPLATE = "reports/index.html"


def selection(args: Mapping, report: str | None = None):
    """(choices, scope) for ?report=&period=&unit=&level=&q=; scope is None when the
    unit has no level the user may read. Raises NotFound (see choices.choose)."""
    chosen = report_choices.choose(
        current_user,
        report=report or args.get("report") or None,
        period_id=int_arg(args, "period"),
        unit_id=int_arg(args, "unit"),
        level=args.get("level") or None,
        q=(args.get("q") or "")[:100],
    )
    if chosen.level is None:
        return chosen, None
    scope = report_scope.resolve(
        current_user, chosen.unit.id, chosen.level, chosen.year, chosen.period
    )
    return chosen, scope


def page_context(chosen, scope, number: str = "", number_error: str = "") -> dict:
    """What index.html shows; `number`, `number_error`: the document number typed
    into the PDF form and why it was refused (documents.clean_number)."""
    printed = official.current(chosen.definition, scope) if scope else None
    return {
        "choices": chosen,
        "printed": printed,
        "form": EmptyForm(),
        "oob": False,
        "level_labels": codelists.labels("levels"),
        "number_symbol": docs.symbol(chosen.unit),
        "number": number,
        "number_error": number_error,
    }


def required_scope(args: Mapping, report: str):
    """The selection of a download: a report of a unit with a level, or 404."""
    chosen, scope = selection(args, report)
    if scope is None:
        raise NotFound()
    return chosen, scope


@bp.get("/")
def index():
    """The report's six tables for the chosen period, unit and level."""
    chosen, scope = selection(request.args)
    ctx = page_context(chosen, scope)
    if not wants_fragment():
        return render(TEMPLATE, **ctx)
    ctx["oob"] = True
    body = render_blocks(TEMPLATE, ["report_preview", "report_filters"], **ctx)
    resp = make_response(body)
    resp.vary.add("HX-Request")
    return resp
