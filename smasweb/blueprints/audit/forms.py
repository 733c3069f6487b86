"""The audit search form: GET filters, no CSRF (it changes nothing)."""

from wtforms import SelectField, StringField
from wtforms.validators import Length, Optional

from smasweb.blueprints.forms_common import AppForm, VnDateField, select_choices
from smasweb.codelists import CALENDAR_FIELDS
from smasweb.services.audit.search import ACTIONS, AuditFilters

ALL = "— Tất cả —"


class AuditSearchForm(AppForm):
    class Meta:
        csrf = False

    school = StringField(
        "Trường (mã hoặc tên)", id="audit-school", validators=[Length(max=100)]
    )
    user = StringField(
        "Người sửa (tên đăng nhập hoặc họ tên)",
        id="audit-user",
        validators=[Length(max=100)],
    )
    date_from = VnDateField("Từ ngày", id="audit-from", validators=[Optional()])
    date_to = VnDateField("Đến ngày", id="audit-to", validators=[Optional()])
    field = SelectField(
        "Lĩnh vực",
        id="audit-field",
        choices=select_choices(CALENDAR_FIELDS, ALL),
        validate_choice=False,  # an unknown code simply matches nothing
    )
    action = SelectField(
        "Thao tác",
        id="audit-action",
        choices=select_choices(ACTIONS, ALL),
        validate_choice=False,
    )

    def filters(self) -> AuditFilters:
        """The valid filters; a value that failed validation is left out."""

        def ok(f):
            return f.data if not f.errors else None

        return AuditFilters(
            school=(ok(self.school) or "").strip(),
            user=(ok(self.user) or "").strip(),
            date_from=ok(self.date_from),
            date_to=ok(self.date_to),
            field=ok(self.field) or "",
            action=ok(self.action) or "",
        )

    def query_args(self) -> dict:
        """The filters as typed, for the pager and export links."""
        return {
            name: self[name].raw_data[0]
            for name in ("school", "user", "date_from", "date_to", "field", "action")
            if self[name].raw_data and self[name].raw_data[0]
        }
