"""Every blueprint, registered in one place."""

from flask import Flask

from smasweb.blueprints.accounts import bp as accounts_bp
from smasweb.blueprints.attendance import bp as attendance_bp
from smasweb.blueprints.audit import bp as audit_bp
from smasweb.blueprints.auth import bp as auth_bp
from smasweb.blueprints.calendar import bp as calendar_bp
from smasweb.blueprints.facilities import bp as facilities_bp
from smasweb.blueprints.finance import bp as finance_bp
from smasweb.blueprints.grades import bp as grades_bp
from smasweb.blueprints.graduation import bp as graduation_bp
from smasweb.blueprints.health import bp as health_bp
from smasweb.blueprints.health_checks import bp as health_checks_bp
from smasweb.blueprints.home import bp as home_bp
from smasweb.blueprints.promotion import bp as promotion_bp
from smasweb.blueprints.reports import bp as reports_bp
from smasweb.blueprints.results import bp as results_bp
from smasweb.blueprints.schools import bp as schools_bp
from smasweb.blueprints.staff import bp as staff_bp
from smasweb.blueprints.students import bp as students_bp
from smasweb.blueprints.units import bp as units_bp
from smasweb.blueprints.verify import bp as verify_bp

BLUEPRINTS = (
    auth_bp,
    home_bp,
    health_bp,
    units_bp,
    accounts_bp,
    schools_bp,
    facilities_bp,
    finance_bp,
    staff_bp,
    students_bp,
    health_checks_bp,
    attendance_bp,
    grades_bp,
    results_bp,
    graduation_bp,
    promotion_bp,
    calendar_bp,
    audit_bp,
    reports_bp,
    verify_bp,
)


def register_blueprints(app: Flask) -> None:
    for bp in BLUEPRINTS:
        app.register_blueprint(bp)
