"""The results page and documents after Chốt kết quả: the page names the pupils
whose results moved since (numbers for officers) and says "Chưa chốt"; the
documents print the confirmed values, with a draft line when a term is not
confirmed or a pupil's results moved since; the Học sinh tiêu biểu form (no JS)
and its refusal, then the award on the học bạ."""

import pytest

from smasweb.extensions import db
from smasweb.services.assessment import results_confirm
from tests.factories import make_student
from tests.services.results_data import (
    OUTSIDE,
    SETUP,
    YEAR_END,
    add_marks,
    at,
    evaluate,
    primary_class,
    secondary_class,
    set_conduct,
)
from tests.services.test_results_changes import set_score
from tests.web.test_result_documents import (  # in_background: autouse
    _get_pdf,
    _pages,
    _squeeze,
    in_background,  # noqa: F401
)

pytestmark = pytest.mark.real_calendar
DRAFT = "BẢN NHÁP – chưa chốt kết quả"
CHANGED = "BẢN NHÁP – kết quả đã thay đổi sau khi chốt"


@pytest.fixture
def six_a(world):
    """6A confirmed for semester I, II and the year on 27/05/2027, then An's
    Toán of semester II corrected to 3,0 (the year's Toán 4,8: no longer Giỏi)."""
    with at(SETUP):
        cls = secondary_class(world)
        add_marks(cls, cls.p["Em"], {})
        set_conduct(cls, cls.p["Em"], "T", "K")
        db.session.commit()
    with at(YEAR_END):
        for term in ("hk1", "hk2", "cn"):
            results_confirm.confirm(world.leader_b, cls.id, term)
        db.session.commit()
    set_score(cls.p["An"], "toan", 2, "3.0")
    return cls


def test_the_page_names_the_pupils_changed_since_confirmation(world, six_a, login):
    with at(OUTSIDE):
        page = login(world.leader_b).get(f"/results/{six_a.id}").text
        officer = login(world.district).get(f"/results/{six_a.id}").text
        semester = login(world.leader_b).get(f"/results/{six_a.id}?tab=hk1").text
    assert (
        "Kết quả đã thay đổi sau khi chốt ngày 27/05/2027: 1 học sinh "
        "(Nguyễn Văn An)." in page
    )
    assert "Hãy chốt lại kết quả cả năm" in page
    assert page.count("Đổi sau khi chốt</span>") == 1  # An's row only
    assert "1 học sinh (Học sinh 1)." in officer and "Nguyễn Văn An" not in officer
    assert "Đã chốt kết quả học kỳ I ngày 27/05/2027" in semester
    assert "Đổi sau khi chốt</span>" not in semester


def test_a_term_not_confirmed_says_so(world, login):
    with at(SETUP):
        cls = secondary_class(world)
        db.session.commit()
    with at(OUTSIDE):
        page = login(world.leader_b).get(f"/results/{cls.id}?tab=hk2").text
    assert '<span class="badge">Chưa chốt</span> Chưa chốt kết quả học kỳ II' in page


def test_a_confirmed_year_prints_the_stored_values(world, six_a, login, tmp_path):
    with at(OUTSIDE):
        client = login(world.leader_b)
        cards = _pages(
            _get_pdf(client, f"/results/{six_a.id}/report-cards.pdf", tmp_path)
        )
        summary = _squeeze(
            " ".join(
                _pages(_get_pdf(client, f"/results/{six_a.id}/summary.pdf", tmp_path))
            )  # fmt: skip
        )
    an, binh = _squeeze(cards[0]), _squeeze(cards[1])
    assert "Nguyễn Văn An" in an and CHANGED in an
    assert "Kết quả đã chốt ngày 27/05/2027" in an
    assert "Học sinh Giỏi" in an and "Lên lớp" in an  # as confirmed
    assert "3,0" not in an and "4,8" not in an  # today's Toán is not printed
    assert "BẢN NHÁP" not in binh and "Kết quả đã chốt ngày 27/05/2027" in binh
    assert "BẢN NHÁP – kết quả của 1 học sinh đã thay đổi sau khi chốt" in summary
    assert "Học sinh Giỏi 1" in summary


def test_a_term_not_confirmed_prints_a_draft(world, login, tmp_path):
    with at(SETUP):
        cls = secondary_class(world)
        db.session.commit()
    with at(OUTSIDE):
        client = login(world.leader_b)
        book = _get_pdf(client, f"/results/{cls.id}/hoc-ba.pdf", tmp_path)
        pages = [_squeeze(p) for p in _pages(book)]
        summary = _get_pdf(client, f"/results/{cls.id}/summary.pdf?term=hk1", tmp_path)
    assert all(DRAFT in p for p in pages) and len(pages) == 5
    assert DRAFT in _squeeze(" ".join(_pages(summary)))


@pytest.fixture
def three_a(world):
    with at(SETUP):
        cls = primary_class(world)
        cls.p["Lan"] = make_student(world.s1, cls, full_name="Phạm Thị Lan")
        evaluate(cls, cls.p["Lan"], {}, score=8)  # Hoàn thành tốt
        db.session.commit()
    return cls


def test_the_outstanding_form_without_js_and_the_award(world, three_a, login, tmp_path):
    lan, khoa = three_a.p["Lan"], three_a.p["Khoa"]
    url = f"/results/{three_a.id}"
    reason = "Tiến bộ rõ rệt môn Toán"
    with at(YEAR_END):
        client = login(world.leader)
        form = client.get(url).text
        assert 'id="outstanding-form"' in form and f'name="o{lan.id}"' in form
        assert f'name="o{khoa.id}"' not in form  # Chưa hoàn thành: not offered
        refused = client.post(f"{url}/outstanding", data={f"o{khoa.id}": "1",
                              f"r{khoa.id}": reason, f"o{lan.id}": "1"})  # fmt: skip
        assert refused.status_code == 422
        assert (f'id="em{khoa.id}">Chỉ khen Học sinh Tiêu biểu cho học sinh có kết '
                "quả giáo dục Hoàn thành tốt (học sinh này: Chưa hoàn thành)."
                in refused.text)  # fmt: skip
        assert f'id="er{lan.id}">Ghi thành tích nổi bật của học sinh.' in refused.text
        saved = client.post(
            f"{url}/outstanding", data={f"o{lan.id}": "1", f"r{lan.id}": reason}
        )
        assert saved.status_code == 303
        page = client.get(saved.headers["Location"]).text
        assert "Đã lưu học sinh tiêu biểu: 1 thay đổi." in page
        assert (
            "Phạm Thị Lan: Học sinh Tiêu biểu hoàn thành tốt trong học tập và rèn "
            f"luyện ({reason})" in page
        )
        assert client.post(f"{url}/confirm/cn").status_code == 303
        book = _get_pdf(client, f"{url}/hoc-ba.pdf?student={lan.id}", tmp_path)
    text = _squeeze(_pages(book)[0])
    assert (
        "Khen thưởng: Học sinh Tiêu biểu hoàn thành tốt trong học tập và rèn luyện"
        in text
    )
    assert "BẢN NHÁP" not in text and "Kết quả đã chốt ngày 27/05/2027" in text


def test_only_who_confirms_sees_and_sends_the_outstanding_form(world, three_a, login):
    lan = three_a.p["Lan"]
    url = f"/results/{three_a.id}"
    with at(YEAR_END):
        teacher = login(world.teacher)
        assert 'id="outstanding-form"' not in teacher.get(url).text
        data = {f"o{lan.id}": "1", f"r{lan.id}": "Tiến bộ"}
        assert teacher.post(f"{url}/outstanding", data=data).status_code == 403
        officer = login(world.district).get(url)
        assert officer.status_code == 200
        assert 'id="outstanding-form"' not in officer.text
