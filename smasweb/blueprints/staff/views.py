"""Staff records: the list with search and filters, one record, the former-staff trace.

Forms live in records.py, yearly assignments in years.py, transfers in transfers.py;
every module adds its routes to the one `bp` (blueprint.py).
"""

from flask import request
from flask_login import current_user
from sqlalchemy import select

from smasweb import codelists
from smasweb.blueprints.forms_common import EmptyForm, attach_error
from smasweb.blueprints.query_args import page_arg, page_count
from smasweb.extensions import db
from smasweb.models import ClassGroup
from smasweb.rendering import render
from smasweb.services import policy
from smasweb.services import years as school_years
from smasweb.services.accounts import records as accounts
from smasweb.services.errors import ValidationFailed
from smasweb.services.staff import records as staff
from smasweb.services.staff import transfers as staff_transfers

from .blueprint import bp
from .forms import AccountForm


def code_arg(args, name: str, codelist: str) -> str:
    """A filter value that is a code of the list, else "" (no filter)."""
    value = args.get(name, "")
    return value if value in codelists.labels(codelist) else ""


def filters(args) -> staff.StaffFilters:
    status = args.get("status", "")
    if status != "all":
        status = code_arg(args, "status", "staff_statuses")
    return staff.StaffFilters(
        q=args.get("q", "").strip()[:100],
        group=code_arg(args, "group", "staff_groups"),
        position=code_arg(args, "position", "staff_positions"),
        qualification=code_arg(args, "qualification", "qualifications"),
        contract=code_arg(args, "contract", "staff_contracts"),
        status=status,
        school=args.get("school", "").strip()[:100],
    )


def _list_context(args) -> dict:
    f, page = filters(args), page_arg(args)
    rows, total = staff.search_staff(current_user, f, page, listed=True)
    school = policy.own_school(current_user)
    return {
        "f": f,
        "rows": rows,
        "total": total,
        "page": page,
        "pages": page_count(total),
        "officer": school is None,
        "may_add": staff.may_write(current_user, school),
        "statuses": codelists.labels("staff_statuses"),
    }


@bp.get("/")
def index():
    return render("staff/index.html", "staff_results", **_list_context(request.args))


def _detail_context(member, **extra) -> dict:
    years = staff.years_of(current_user, member)
    class_ids = [y.homeroom_class_id for y in years if y.homeroom_class_id]
    stmt = select(ClassGroup.id, ClassGroup.name).where(ClassGroup.id.in_(class_ids))
    class_names = dict(db.session.execute(stmt).all()) if class_ids else {}
    account = staff.linked_account(member)
    roles = policy.staff_account_roles(member.group)
    form = AccountForm()
    form.role.choices = [c for c in form.role.choices if c.value in roles]
    return {
        "member": member,
        "school": member.school,
        "years": years,
        "class_names": class_names,
        "transfers": staff.transfers_of(current_user, member),
        "account": account,
        "may_write": staff.may_write(current_user, member.school),
        "may_transfer": policy.can(current_user, "staff.transfer", unit=member.school),
        "may_make_account": account is None
        and bool(roles)
        and policy.can(
            current_user, "accounts.manage_school_staff", unit=member.school
        ),
        "account_form": form,
        "form": EmptyForm(),
        "temp": None,
        "current_year": school_years.current_year(),
        **extra,
    }


@bp.get("/<int:staff_id>")
def detail(staff_id: int):
    member = staff.get_staff(current_user, staff_id)
    return render("staff/detail.html", **_detail_context(member))


@bp.get("/former")
def former():
    page = page_arg(request.args)
    rows, total = staff_transfers.former_staff(current_user, page)
    return render(
        "staff/former.html",
        "former_results",
        rows=rows,
        total=total,
        page=page,
        pages=page_count(total),
    )


@bp.post("/<int:staff_id>/account")
def account(staff_id: int):
    """A leader creates the linked account; its temporary password is shown once."""
    member = staff.get_staff(current_user, staff_id)
    form = AccountForm()
    if form.validate_on_submit():
        try:
            _, temp = accounts.create_staff_account(
                current_user, member, form.role.data
            )
        except ValidationFailed as exc:
            attach_error(form, exc)
        else:
            db.session.commit()
            return render("staff/detail.html", **_detail_context(member, temp=temp))
    ctx = _detail_context(member)
    ctx["account_form"].role.errors = form.role.errors
    return render("staff/detail.html", status=422, **ctx)
