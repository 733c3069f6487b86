"""Login, logout and password change."""

from flask import current_app, flash, g, redirect, request, session, url_for
from flask_login import current_user, login_user, logout_user
from flask_wtf.csrf import generate_csrf

from smasweb.blueprints.forms_common import EmptyForm, attach_error, form_status
from smasweb.extensions import db
from smasweb.rendering import done, render
from smasweb.security import safe_next
from smasweb.services.accounts import auth, reset_requests, sessions
from smasweb.services.errors import TooManyAttempts, ValidationFailed

from .blueprint import bp
from .forms import ForgotPasswordForm, LoginForm, PasswordChangeForm

LOGIN_FAILED = (
    "Tên đăng nhập hoặc mật khẩu không đúng. Sau 5 lần sai, máy này phải chờ "
    "một lúc mới được thử lại tài khoản đó."
)


@bp.route("/login", methods=["GET", "POST"])
def login():
    if current_user.is_authenticated and request.method == "GET":
        return redirect(url_for("home.index"))
    form = LoginForm(next=request.args.get("next", ""))
    if not form.validate_on_submit():
        return render(
            "auth/login.html",
            "login_form",
            form_status(form),
            form=form,
        )
    client = request.remote_addr or "unknown"
    try:
        user = auth.authenticate(form.username.data, form.password.data, client)
    except TooManyAttempts as exc:
        form.form_errors.append(exc.message)
        resp = render("auth/login.html", "login_form", 429, form=form)
        resp.headers["Retry-After"] = str(exc.retry_after)
        return resp
    if user is None:
        db.session.commit()  # failures are counted even though the login fails
        form.form_errors.append(LOGIN_FAILED)
        return render("auth/login.html", "login_form", 422, form=form)
    session.clear()  # no session fixation
    session[sessions.SESSION_KEY] = sessions.start(user)
    db.session.commit()
    login_user(user)
    # the new session's CSRF token goes out with this redirect's cookie, so the
    # first page after signing in does not send the cookie again (on a slow line);
    # the token cached for this request belonged to the session just cleared
    g.pop(current_app.config.get("WTF_CSRF_FIELD_NAME", "csrf_token"), None)
    generate_csrf()
    target = safe_next(form.next.data) or url_for("home.index")
    return redirect(target, 303)


FORGOT_SENT = (
    "Đã ghi nhận. Nếu tên đăng nhập này có trong hệ thống, người có quyền đặt lại "
    "mật khẩu (Ban giám hiệu của trường, hoặc cán bộ quản trị) sẽ thấy yêu cầu của "
    "bạn; hãy liên hệ họ để nhận mật khẩu tạm thời."
)


@bp.route("/forgot-password", methods=["GET", "POST"])
def forgot_password():
    """Record a reset request for the leader or admin; always the same answer."""
    form = ForgotPasswordForm()
    if form.validate_on_submit():
        reset_requests.request_reset(
            form.username.data, request.remote_addr or "unknown"
        )
        return done(url_for("auth.forgot_password"), FORGOT_SENT)
    return render("auth/forgot.html", "forgot_form", form_status(form), form=form)


@bp.route("/logout", methods=["GET", "POST"])
def logout():
    form = EmptyForm()
    if not form.validate_on_submit():
        return render("auth/logout.html", form=form)
    sessions.end(session.get(sessions.SESSION_KEY))
    db.session.commit()
    logout_user()
    session.clear()
    flash("Bạn đã đăng xuất.", "success")
    return redirect(url_for("auth.login"), 303)


@bp.route("/password", methods=["GET", "POST"])
def password():
    form = PasswordChangeForm()
    if form.validate_on_submit():
        try:
            auth.change_password(
                current_user, form.current_password.data, form.new_password.data
            )
        except ValidationFailed as exc:
            attach_error(form, exc)
        else:
            login_user(current_user._get_current_object())  # session gets the new token
            return done(url_for("home.index"), "Đã đổi mật khẩu.")
    return render("auth/password.html", "password_form", form_status(form), form=form)
