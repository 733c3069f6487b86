"""The steps every Excel import view shares: run a dry run or a commit, pick the status."""

from flask_login import current_user

from smasweb.blueprints.forms_common import attach_error, form_status
from smasweb.services.errors import ValidationFailed


def run_import(form, school, check, save, commit: bool):
    """The report of a dry run (check) or a commit (save); None when the file itself
    is refused (its error goes next to the file input)."""
    try:
        return (save if commit else check)(current_user, school, form.file.data.stream)
    except ValidationFailed as exc:
        attach_error(form, exc)
        return None


def import_status(form, report, commit: bool) -> int:
    """422 for a refused file or a failed commit; a dry run with row errors is 200."""
    failed = bool(form.errors or form.form_errors) or (commit and report is not None)
    return form_status(form) if failed else 200
