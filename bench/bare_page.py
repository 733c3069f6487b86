"""The floor a list page is compared against: a bare Flask + SQLAlchemy + Jinja page
listing 50 pupils of one school, from the same database, under the same gunicorn.

    SMAS_DATABASE_URL=… BARE_SCHOOL_ID=… gunicorn --chdir bench bare_page:app

No sign-in, no session, no scope, no CSRF, no compression: one ORM query (a pooled
connection, a session per request) and one small Jinja template with the columns of
/students/ (code, name, birth date, gender, status). bench/list_vs_bare.py serves it
beside the app and prints each list page's req/s as a share of this page's.
"""

import os

from flask import Flask, render_template_string
from sqlalchemy import create_engine, select
from sqlalchemy.orm import Session

from smasweb.config import engine_options, normalize_db_url
from smasweb.models import Student

PAGE = """<!doctype html>
<html lang="vi"><head><meta charset="utf-8"><title>Học sinh</title></head>
<body><h1>Học sinh</h1>
<table>
<thead><tr><th>Mã</th><th>Họ và tên</th><th>Ngày sinh</th><th>Giới tính</th>
<th>Trạng thái</th></tr></thead>
<tbody>
{% for s in rows %}<tr><td>{{ s.ministry_code or s.school_code }}</td>
<td><a href="/students/{{ s.id }}">{{ s.full_name }}</a></td>
<td>{{ s.birth_date.strftime('%d/%m/%Y') if s.birth_date else '' }}</td>
<td>{{ 'Nữ' if s.gender == '02' else 'Nam' }}</td><td>{{ s.status }}</td></tr>
{% endfor %}</tbody></table></body></html>"""

app = Flask(__name__)
URL = normalize_db_url(os.environ["SMAS_DATABASE_URL"])
engine = create_engine(URL, **engine_options(URL))  # the app's pool settings
SCHOOL_ID = int(os.environ["BARE_SCHOOL_ID"])


@app.get("/bare")
def bare():
    with Session(engine) as session:
        rows = session.scalars(
            select(Student)
            .where(Student.school_id == SCHOOL_ID, Student.active.is_(True))
            .order_by(Student.sort_key, Student.id)
            .limit(50)
        ).all()
        return render_template_string(PAGE, rows=rows)


@app.get("/healthz")
def healthz():
    return "ok"
