"""The steps every Excel import view shares: take the file (a new upload, kept
server-side, or the token of one kept at "Kiểm tra"), run a dry run or a commit,
pick the status, and the import page of a school's records built on them.

The user chooses the file once: "Kiểm tra" keeps it (services.imports.uploads) and
the page after it carries only its token to "Tải danh sách lỗi" and "Nhập dữ liệu".
A token of another user, school or kind, or past its expiry, is a 404 that asks
for the file again."""

from collections.abc import Callable
from dataclasses import dataclass
from io import BytesIO

from flask import Response, current_app, request, url_for
from flask_login import current_user
from flask_wtf.file import FileField
from wtforms import HiddenField

from smasweb import excel
from smasweb.blueprints.forms_common import AppForm, attach_error, form_status
from smasweb.extensions import db
from smasweb.limits import upload_limit_mb
from smasweb.metrics import timed_import
from smasweb.rendering import done, render
from smasweb.services.errors import NotFound, ValidationFailed
from smasweb.services.imports import uploads
from smasweb.services.imports.pipeline import ImportReport

NO_FILE = "Hãy chọn tệp Excel (.xlsx) để nhập."
SHOWN_ERRORS = 300  # the page lists this many errors; the sheet has them all


class ImportFileForm(AppForm):
    file = FileField("Tệp Excel (.xlsx)")
    upload = HiddenField()  # the token of a file kept at "Kiểm tra"

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


def posted_stream(form: ImportFileForm) -> BytesIO | None:
    """The file of a one-step import (no "Kiểm tra"): its bytes, or None with
    NO_FILE next to the input when the form was sent without one."""
    posted = form.file.data if form.validate_on_submit() else None
    if form.is_submitted() and not getattr(posted, "filename", ""):
        form.file.errors = [*form.file.errors, NO_FILE]
        return None
    return BytesIO(posted.read()) if posted is not None else None


@dataclass
class Taken:
    """The file of a request: the kept upload, or None with the error on the form
    (`status` 404 for an unusable token, else 422)."""

    upload: object | None = None
    status: int = 200


def take_file(form: ImportFileForm, kind: str, school) -> Taken:
    """Keep a newly posted file (committed, so the next steps find it) or find the
    kept file the token names."""
    if not form.validate_on_submit():
        return Taken(None, form_status(form))
    posted = form.file.data
    try:
        if posted is not None and getattr(posted, "filename", ""):
            data = posted.read(uploads.max_bytes() + 1)
            upload = uploads.keep(current_user, kind, school, posted.filename, data)
            # Detached before the commit, so it keeps its content in memory even
            # if this user's next file (another tab) replaces the row meanwhile.
            db.session.expunge(upload)
            db.session.commit()
            return Taken(upload)
        if not form.upload.data:
            raise ValidationFailed(NO_FILE, "file")
        return Taken(uploads.find(current_user, kind, school, form.upload.data))
    except NotFound as exc:
        attach_error(form, exc)
        return Taken(None, 404)
    except ValidationFailed as exc:
        attach_error(form, exc)
        return Taken(None, 422)


def run_import(form, upload, school, check, save, commit: bool):
    """The report of a dry run (check) or a commit (save) of a kept file; None when
    the file itself is refused (its error goes next to the file input)."""
    try:
        service = save if commit else check
        stream = uploads.stream(upload)
        return timed_import(service, current_user, school, stream)
    except ValidationFailed as exc:
        attach_error(form, exc)
        return None


def import_status(form, report, commit: bool) -> int:
    """422 for a refused file or a failed commit; a dry run with row errors is 200."""
    failed = bool(form.errors or form.form_errors) or (commit and report is not None)
    return form_status(form) if failed else 200


def result_context(form, report: ImportReport | None, upload, commit: bool) -> dict:
    """What the import block shows: the kept file (its token), the row errors."""
    errors = report.errors if report else []
    return {
        "form": form,
        "report": report,
        "upload": upload if report is not None else None,
        "errors": errors[:SHOWN_ERRORS],
        "error_count": len(errors),
        "error_rows": len({e.row for e in errors}),
        "commit": commit,
    }


@dataclass(frozen=True)
class RecordImport:
    """The import page of one domain's records: dry run, all-or-nothing commit that
    adds or updates records, and the dry run's errors as a sheet.

    `check`/`save` are the services (actor, school, stream) -> ImportReport, `counts`
    gives (new, updated) of a report; `template` renders the block import_form;
    `kind` names its kept uploads.
    """

    template: str
    index: str  # the list endpoint a successful commit goes to
    noun: str  # what a row is, for the message: "cán bộ", "học sinh"
    errors_file: str
    check: Callable
    save: Callable
    counts: Callable
    kind: str

    def page(self, school) -> Response:
        """Kiểm tra (200 with the row errors) or Nhập dữ liệu (all rows or none;
        any error → 422 and nothing saved)."""
        form = ImportFileForm()
        commit = request.form.get("action") == "save"
        taken = take_file(form, self.kind, school)
        if taken.upload is None:
            return self._render(form, school, None, None, commit, taken.status)
        report = run_import(form, taken.upload, school, self.check, self.save, commit)
        if commit and report is not None and report.ok:
            uploads.discard(taken.upload)
            new, updated = self.counts(report)
            message = (
                f"Đã nhập {new + updated} {self.noun}: {new} thêm mới, "
                f"{updated} cập nhật."
            )
            return done(url_for(self.index), message)
        status = import_status(form, report, commit)
        return self._render(form, school, report, taken.upload, commit, status)

    def errors_sheet(self, school) -> Response:
        """The dry run's row errors of the kept file as a sheet."""
        form = ImportFileForm()
        taken = take_file(form, self.kind, school)
        report = None
        if taken.upload is not None:
            report = run_import(form, taken.upload, school, self.check, None, False)
        if report is None:
            status = taken.status if taken.status != 200 else 422
            return self._render(form, school, None, None, False, status)
        return excel.xlsx_response(self.errors_file, report.errors_workbook())

    def _render(self, form, school, report, upload, commit: bool, status: int):
        return render(
            self.template,
            "import_form",
            status,
            school=school,
            counts=self.counts(report) if report else (0, 0),
            **result_context(form, report, upload, commit),
        )
