"""The form giving a teacher a class (giao lớp); its choices are set by the view."""

from wtforms.validators import InputRequired

from smasweb.blueprints.forms_common import AppForm, CodeSelect


class GiveClassForm(AppForm):
    staff_id = CodeSelect(
        "Giáo viên", choices=[], validators=[InputRequired("Hãy chọn giáo viên.")]
    )
    class_id = CodeSelect(
        "Lớp được giao", choices=[], validators=[InputRequired("Hãy chọn lớp.")]
    )
