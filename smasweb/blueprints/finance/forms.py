"""Budget line form: amounts typed as "1.500.000", "1500000" or "1 500 000"."""

from wtforms import HiddenField, SelectField, StringField
from wtforms.validators import InputRequired, Length, Optional

from smasweb import codelists
from smasweb.blueprints.forms_common import REQUIRED, AppForm, select_choices
from smasweb.blueprints.query_args import to_int
from smasweb.services.finance import records as finance
from smasweb.text import vn_number


class AmountField(StringField):
    """Whole đồng; shown with '.' thousands separators."""

    def __init__(self, label=None, validators=None, **kwargs):
        kwargs.setdefault("render_kw", {"inputmode": "numeric", "class": "num"})
        super().__init__(label, validators, **kwargs)

    def process_formdata(self, valuelist):
        if valuelist:
            self.data = None
            self.data = finance.parse_amount(valuelist[0])

    def _value(self) -> str:
        if self.raw_data:
            return self.raw_data[0]
        return "" if self.data is None else vn_number(self.data)


class VersionField(HiddenField):
    """The version the form was loaded from (a stale save is a 409)."""

    def process_formdata(self, valuelist):
        self.data = to_int((valuelist or [""])[0])


class BudgetLineForm(AppForm):
    category = SelectField(
        "Loại ngân sách",
        choices=select_choices(codelists.labels("budget_categories"), blank="— Chọn —"),
        validators=[InputRequired(REQUIRED)],
    )
    description = StringField(
        "Nội dung", validators=[InputRequired(REQUIRED), Length(max=255)]
    )
    planned = AmountField(
        "Kế hoạch (đồng)",
        validators=[InputRequired(REQUIRED)],
        description="Ví dụ: 1.500.000",
    )
    executed = AmountField(
        "Thực hiện (đồng)",
        validators=[Optional()],
        description="Để trống nếu chưa thực hiện. Được phép vượt kế hoạch.",
    )
    note = StringField("Ghi chú", validators=[Optional(), Length(max=255)])
    version = VersionField()

    def line_data(self) -> finance.BudgetLineData:
        return finance.BudgetLineData(
            category=self.category.data or "",
            description=self.description.data or "",
            planned=self.planned.data or 0,
            executed=self.executed.data or 0,
            note=self.note.data,
        )
