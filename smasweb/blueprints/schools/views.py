"""School profile per school year, campuses and classes: the school list and pages."""

from dataclasses import asdict, fields

from flask import redirect, request, url_for
from flask_login import current_user

from smasweb import excel
from smasweb.blueprints.forms_common import EmptyForm, attach_error, form_status
from smasweb.blueprints.query_args import PER_PAGE, page_arg, page_count, year_arg
from smasweb.codelists import LEVEL_GROUPS
from smasweb.models.schools import year_label
from smasweb.rendering import done, render
from smasweb.services import policy, school_data
from smasweb.services.errors import ValidationFailed
from smasweb.services.schools import export as schools_export
from smasweb.services.schools import page as schools_page
from smasweb.services.schools import records as schools

from .blueprint import bp
from .forms import PROFILE_SECTIONS, ProfileForm, address_lists


def _list_context(args) -> dict:
    q = args.get("q", "").strip()
    level_group = (
        args.get("level_group") if args.get("level_group") in LEVEL_GROUPS else ""
    )
    year, page = year_arg(args), page_arg(args)
    rows, total = schools.search_schools(
        current_user, q, level_group or None, year, page, PER_PAGE
    )
    return {
        "rows": rows,
        "total": total,
        "q": q,
        "level_group": level_group,
        "level_groups": LEVEL_GROUPS,
        "year": year,
        "page": page,
        "pages": page_count(total),
    }


@bp.get("/")
def index():
    own = policy.own_school(current_user)
    if own is not None:
        return redirect(url_for("schools.detail", school_id=own.id))
    return render("schools/index.html", "school_results", **_list_context(request.args))


@bp.get("/profiles.xlsx")
def profiles_xlsx():
    ctx = _list_context(request.args)
    data = schools_export.export_profiles(
        current_user, ctx["year"], ctx["q"], ctx["level_group"] or None
    )
    return excel.xlsx_response(f"ho-so-truong-{year_label(ctx['year'])}.xlsx", data)


@bp.get("/<int:school_id>")
def detail(school_id: int):
    ctx = schools_page.school_page(current_user, school_id, year_arg(request.args))
    return render("schools/detail.html", form=EmptyForm(), **ctx)


def _profile_data(form: ProfileForm) -> schools.ProfileData:
    names = [f.name for f in fields(schools.ProfileData) if f.name != "flags"]
    values = {name: form[name].data for name in names}
    return schools.ProfileData(**values, flags=frozenset(form.flags.data or ()))


@bp.route("/<int:school_id>/profile/edit", methods=["GET", "POST"])
def profile_edit(school_id: int):
    year = year_arg(request.args)
    school, profile, data = schools.profile_for_edit(current_user, school_id, year)
    values = asdict(data) | {"flags": sorted(data.flags)}
    form = ProfileForm(data=values, version=profile.version if profile else "")
    address_lists(form, url_for("schools.address"))
    if form.validate_on_submit():
        try:
            schools.save_profile(
                current_user, school, year, _profile_data(form), form.version_value
            )
        except ValidationFailed as exc:
            attach_error(form, exc)
        else:
            target = url_for("schools.detail", school_id=school.id, year=year)
            return done(target, f"Đã lưu hồ sơ trường năm học {year_label(year)}.")
    return render(
        "schools/profile_form.html",
        "profile_form",
        form_status(form),
        form=form,
        school=school,
        profile=profile,
        year=year,
        sections=PROFILE_SECTIONS,
    )


@bp.post("/<int:school_id>/profile/copy")
def profile_copy(school_id: int):
    year = year_arg(request.args)
    school = school_data.writable_school(current_user, "schools", school_id)
    schools.copy_profile(current_user, school, year)
    target = url_for("schools.detail", school_id=school.id, year=year)
    return done(target, f"Đã sao chép hồ sơ năm học {year_label(year - 1)}.")
