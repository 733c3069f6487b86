"""Helpers shared by every blueprint's forms and views."""

from flask_wtf import FlaskForm
from werkzeug.datastructures import MultiDict
from wtforms import (
    DateField,
    DecimalField,
    HiddenField,
    PasswordField,
    SelectField,
    SelectMultipleField,
    StringField,
    TextAreaField,
)
from wtforms.fields.choices import SelectChoice
from wtforms.validators import InputRequired, Length, Optional, ValidationError
from wtforms.widgets import CheckboxInput, ListWidget, TextInput

from smasweb.blueprints.query_args import to_int
from smasweb.codelists import labels
from smasweb.services.checks import NOT_IN_LIST, REQUIRED
from smasweb.services.errors import ValidationFailed
from smasweb.text import DATE_FORMAT, clean_text

DATE_ERROR = "Ngày không hợp lệ, hãy nhập theo dạng dd/mm/yyyy."
NOT_INTEGER = "Hãy nhập một số nguyên."


def select_choices(codes: dict, blank: str | None = None) -> list[SelectChoice]:
    """Choices for a select from a {code: label} list (label may be (label, extra))."""
    out = [SelectChoice("", blank)] if blank is not None else []
    for code, label in codes.items():
        out.append(SelectChoice(code, label[0] if isinstance(label, tuple) else label))
    return out


def shared_check(rule):
    """A form validator running a services/checks rule (`rule(value, field)`), so a
    form lists that field's error with the others; the service runs it again."""

    def validate(form, field):
        try:
            rule(field.data, field.name)
        except ValidationFailed as exc:
            raise ValidationError(exc.message) from exc

    return validate


class AppForm(FlaskForm):
    """The base of every form of the app: each field receives its input cleaned
    (text.clean_text: no control characters, NFC, trimmed; line breaks only in a
    TextAreaField), before any validator sees it, so a name that is only a NUL is
    "Bắt buộc nhập." and a NUL never reaches the database (PostgreSQL would refuse
    it with a 500) or the Excel exports. Passwords are taken as typed."""

    class Meta:
        def wrap_formdata(self, form, formdata):
            formdata = super().wrap_formdata(form, formdata)
            return None if formdata is None else cleaned_formdata(form, formdata)


def cleaned_formdata(form, formdata) -> MultiDict:
    """`formdata` with the text values of `form`'s fields cleaned (files kept)."""
    multiline = {
        f.name: isinstance(f, TextAreaField)
        for f in form
        if not isinstance(f, PasswordField)
    }
    out = MultiDict()
    for key, values in formdata.lists():
        if key in multiline:
            values = [
                clean_text(v, multiline[key]) if isinstance(v, str) else v
                for v in values
            ]
        out.setlist(key, values)
    return out


class EmptyForm(AppForm):
    """A CSRF-protected form for single-button POSTs (reset, lock, logout)."""


def attach_error(form: FlaskForm, exc: ValidationFailed) -> None:
    """Show a service's ValidationFailed next to its field (or on top of the form)."""
    if exc.field and exc.field in form._fields:
        form[exc.field].errors = [*form[exc.field].errors, exc.message]
    else:
        form.form_errors.append(exc.message)


def form_status(form: FlaskForm) -> int:
    """200 for a fresh form, 422 when it comes back with errors."""
    return 422 if form.is_submitted() else 200


class VnDateField(DateField):
    """A date typed as dd/mm/yyyy (ISO accepted too), shown the same way."""

    widget = TextInput()

    def __init__(self, label=None, validators=None, **kwargs):
        kwargs.setdefault("format", [DATE_FORMAT, "%Y-%m-%d"])
        kwargs.setdefault(
            "render_kw", {"placeholder": "dd/mm/yyyy", "inputmode": "numeric"}
        )
        super().__init__(label, validators, **kwargs)

    def process_formdata(self, valuelist):
        try:
            super().process_formdata(valuelist)
        except ValueError as exc:
            raise ValueError(DATE_ERROR) from exc


class VnDecimalField(DecimalField):
    """A decimal typed as 48,5 or 48.5 and shown as 48,5.

    A text input (with a decimal keypad on phones): a number input would silently drop
    the Vietnamese decimal comma in the browser and store 485 for 48,5.
    """

    widget = TextInput()

    def __init__(self, label=None, validators=None, **kwargs):
        kwargs.setdefault(
            "invalid_value_message", "Hãy nhập một số, ví dụ 48 hoặc 48,5."
        )
        kwargs.setdefault("render_kw", {"inputmode": "decimal"})
        super().__init__(label, validators, **kwargs)

    def process_formdata(self, valuelist):
        if valuelist:
            text = str(valuelist[0]).strip().replace(" ", "").replace(",", ".")
            if not text:
                self.data = None
                return
            valuelist = [text]
        super().process_formdata(valuelist)

    def _value(self) -> str:
        if self.raw_data:
            return self.raw_data[0]
        if self.data is None:
            return ""
        return format(self.data.normalize(), "f").replace(".", ",")


class CheckboxesField(SelectMultipleField):
    """A multiple choice shown as a list of checkboxes."""

    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()

    def __init__(self, label=None, validators=None, **kwargs):
        kwargs.setdefault("invalid_choice_message", "Giá trị không có trong danh mục.")
        super().__init__(label, validators, **kwargs)


class CodeSelect(SelectField):
    """A select over a code list; an empty value is left to InputRequired/Optional."""

    def __init__(self, label=None, validators=None, **kwargs):
        kwargs.setdefault("invalid_choice_message", NOT_IN_LIST)
        kwargs.setdefault("validators", validators or [Optional()])
        super().__init__(label, **kwargs)

    def pre_validate(self, form):
        if self.data not in (None, ""):
            super().pre_validate(form)


def code_field(label: str, codelist: str, required: bool = False) -> CodeSelect:
    """A select over the code list `codelist`, with a blank "—" first."""
    return CodeSelect(
        label,
        choices=select_choices(labels(codelist), blank="—"),
        validators=[InputRequired(REQUIRED)] if required else [Optional()],
    )


def date_field(label: str, required: bool = False) -> VnDateField:
    """A dd/mm/yyyy date, required or optional."""
    return VnDateField(
        label, validators=[InputRequired(REQUIRED)] if required else [Optional()]
    )


def text_field(label: str, size: int, required: bool = False) -> StringField:
    """A text of at most `size` characters, required or optional."""
    first = InputRequired(REQUIRED) if required else Optional()
    return StringField(label, validators=[first, Length(max=size)])


class VersionedForm(AppForm):
    """A form carrying the record's version, for optimistic locking on save."""

    version = HiddenField()

    @property
    def version_value(self) -> int | None:
        return to_int(self.version.data)
