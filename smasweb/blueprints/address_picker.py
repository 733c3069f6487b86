"""Cascading address pickers (province → district → commune) from the province's
administrative units (codelists/admin_units).

The full page always offers every district and every commune, grouped by district
(optgroup), so the form works without JavaScript and any choice reaches the service,
which says in Vietnamese when a commune is not in the district (services/addresses).
With htmx, changing the province or the district asks the page's `address` fragment
for the district and commune selects narrowed to the choice. A commune directly under
the province (the two-level shape of the 2025 reform) is offered without a district.
"""

from flask import get_template_attribute, request

from smasweb.blueprints.forms_common import AppForm
from smasweb.codelists import admin_units as units

BLANK = ("", "—")


def _commune_choices(province: str | None) -> dict:
    groups = {None: [BLANK]}
    for name, members in units.commune_groups(province):
        groups[name] = [(u.code, u.name) for u in members]
    return groups


def offer_all(form: AppForm, names: tuple[str, str, str]) -> None:
    """Every district and every commune (grouped): the full page's choices."""
    form[names[1]].choices = [BLANK, *((u.code, u.name) for u in units.districts())]
    form[names[2]].choices = _commune_choices(None)


def narrow(form: AppForm, names: tuple[str, str, str]) -> None:
    """The districts of the chosen province and the communes of the chosen district
    (or, with no district, the province's communes grouped): the fragment's choices.
    A value that no longer fits the narrowed list is dropped."""
    province, district, commune = (form[n] for n in names)
    found = units.unit(province.data)
    province_code = found.code if found is not None and len(found.code) == 2 else ""
    if province.data and not province_code:
        district.choices, commune.choices = [BLANK], [BLANK]
    else:
        shown = units.districts_of(province_code or None)
        district.choices = [BLANK, *((u.code, u.name) for u in shown)]
        if district.data not in {u.code for u in shown}:
            district.data = ""
        if district.data:
            members = units.communes_of(district.data)
            commune.choices = [BLANK, *((u.code, u.name) for u in members)]
        else:
            commune.choices = _commune_choices(province_code or None)
    offered = {c[0] for c in _flat(commune.choices)}
    if commune.data not in offered:
        commune.data = ""


def _flat(choices) -> list:
    if isinstance(choices, dict):
        return [c for group in choices.values() for c in group]
    return list(choices)


def wire(form: AppForm, names: tuple[str, str, str], url: str) -> None:
    """Make the province and district selects ask `url` for the narrowed selects."""
    include = ",".join(f"[name={n}]" for n in names)
    for name in names[:2]:
        form[name].render_kw = {
            **(form[name].render_kw or {}),
            "hx-get": url,
            "hx-trigger": "change",
            "hx-target": f"#{names[1]}-picker",
            "hx-swap": "outerHTML",
            "hx-include": include,
        }


def fragment(form: AppForm, names: tuple[str, str, str], url: str):
    """The district and commune selects for the values in the query string."""
    for name in names:
        form[name].data = request.args.get(name, "")
    narrow(form, names)
    wire(form, names, url)
    picker = get_template_attribute("macros/address.html", "address_picker")
    return picker(form, names)
