"""The steps every Excel import view shares: run a dry run or a commit, pick the status,
and the import page of a school's records (staff, pupils) built on them."""

from collections.abc import Callable
from dataclasses import dataclass

from flask import Response, current_app, request, url_for
from flask_login import current_user
from flask_wtf.file import FileField, FileRequired

from smasweb import excel
from smasweb.blueprints.forms_common import AppForm, attach_error, form_status
from smasweb.limits import upload_limit_mb
from smasweb.metrics import timed_import
from smasweb.rendering import done, render
from smasweb.services.errors import ValidationFailed
from smasweb.services.imports.pipeline import error_lines


class ImportFileForm(AppForm):
    file = FileField(
        "Tệp Excel (.xlsx)",
        validators=[FileRequired("Hãy chọn tệp Excel (.xlsx) để nhập.")],
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # The server refuses a larger request with 413 before any view runs;
        # app.js says so next to the input before the upload (data-max-bytes).
        mb = upload_limit_mb(current_app)
        self.file.description = f"Tệp .xlsx, tối đa {mb} MB."
        self.file.render_kw = {
            "accept": ".xlsx",
            "data-max-bytes": str(mb * 1024 * 1024),
            "data-too-large": f"Tệp quá lớn: tối đa {mb} MB.",
        }


def run_import(form, school, check, save, commit: bool):
    """The report of a dry run (check) or a commit (save); None when the file itself
    is refused (its error goes next to the file input)."""
    try:
        service = save if commit else check
        return timed_import(service, current_user, school, form.file.data.stream)
    except ValidationFailed as exc:
        attach_error(form, exc)
        return None


def import_status(form, report, commit: bool) -> int:
    """422 for a refused file or a failed commit; a dry run with row errors is 200."""
    failed = bool(form.errors or form.form_errors) or (commit and report is not None)
    return form_status(form) if failed else 200


@dataclass(frozen=True)
class RecordImport:
    """The import page of one domain's records: dry run, all-or-nothing commit that
    adds or updates records, and the dry run's errors as a sheet.

    `check`/`save` are the services (actor, school, stream) -> ImportReport, `counts`
    gives (new, updated) of a report; `template` renders the block import_form.
    """

    template: str
    index: str  # the list endpoint a successful commit goes to
    noun: str  # what a row is, for the message: "cán bộ", "học sinh"
    errors_file: str
    check: Callable
    save: Callable
    counts: Callable

    def page(self, school) -> Response:
        """Kiểm tra (200 with the row errors) or Nhập dữ liệu (all rows or none;
        any error → 422 and nothing saved)."""
        form = ImportFileForm()
        commit = request.form.get("action") == "save"
        report = self._report(form, school, commit)
        if commit and report is not None and report.ok:
            new, updated = self.counts(report)
            message = (
                f"Đã nhập {new + updated} {self.noun}: {new} thêm mới, "
                f"{updated} cập nhật."
            )
            return done(url_for(self.index), message)
        status = import_status(form, report, commit)
        return self._render(form, school, report, commit, status)

    def errors_sheet(self, school) -> Response:
        """The dry run's row errors as a sheet (the same file is posted again)."""
        form = ImportFileForm()
        report = self._report(form, school, False)
        if report is None:
            return self._render(form, school, None, False, 422)
        return excel.xlsx_response(self.errors_file, report.errors_workbook())

    def _report(self, form, school, commit: bool):
        if not form.validate_on_submit():
            return None
        return run_import(form, school, self.check, self.save, commit)

    def _render(self, form, school, report, commit: bool, status: int):
        return render(
            self.template,
            "import_form",
            status,
            form=form,
            school=school,
            report=report,
            errors=error_lines(report) if report else [],
            counts=self.counts(report) if report else (0, 0),
            commit=commit,
        )
