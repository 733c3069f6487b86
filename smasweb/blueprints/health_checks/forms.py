"""The class sheet's form: the day's kind of check (rows are read by the view)."""

from wtforms import SelectField

from smasweb.blueprints.forms_common import AppForm, select_choices
from smasweb.models.health import CHECK_KINDS


class SheetForm(AppForm):
    kind = SelectField("Đợt cân đo", choices=select_choices(CHECK_KINDS))
