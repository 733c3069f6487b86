"""Code lists: project data files, looked up by code or by label (as imports need)."""

import csv
from pathlib import Path

import pytest

import smasweb
from smasweb import codelists

LISTS = [
    "levels",
    "level_groups",
    "ownerships",
    "school_types",
    "standard_levels",
    "regions",
    "zones",
    "difficult_areas",
    "grades",
    "age_groups",
    "subjects",
    "foreign_languages",
    "session_patterns",
    "room_kinds",
    "constructions",
    "conditions",
    "travel_means",
    "budget_categories",
    "equipment_items",
    "enrollment_intakes",
]


@pytest.mark.parametrize("name", LISTS)
def test_every_list_has_unique_codes_and_vietnamese_labels(name):
    rows = codelists.rows(name)
    codes = [r["code"] for r in rows]
    assert rows and len(codes) == len(set(codes))
    assert all(r["label"].strip() for r in rows)


def test_imports_accept_the_code_or_the_label_without_diacritics():
    assert codelists.resolve("constructions", "Bán kiên cố") == "ban_kien_co"
    assert codelists.resolve("constructions", "ban kien co") == "ban_kien_co"
    assert codelists.resolve("constructions", "tam") == "tam"
    assert codelists.resolve("levels", 2) == "02"  # Excel dropped the leading zero
    assert codelists.resolve("room_kinds", "Thư viện") == "library"
    assert codelists.resolve("room_kinds", "Sân bóng") is None
    assert codelists.resolve("room_kinds", "  ") is None


def test_level_groups_know_the_levels_they_teach():
    assert codelists.levels_of("09") == ("02", "03")
    assert codelists.levels_of("08") == ("04",)
    assert codelists.levels_of(None) == ()


def test_room_kinds_map_to_the_start_of_year_form_rows():
    indicators = {r["code"]: r["indicator"] for r in codelists.rows("room_kinds")}
    assert indicators["classroom"] == "120" and indicators["medical"] == "132"


def test_equipment_items_are_equipment_by_grade_or_toys_by_age_group():
    for item in codelists.rows("equipment_items"):
        assert item["kind"] in ("equipment", "toy")
        if item["kind"] == "toy":
            assert not item["grade"]
        else:
            assert not item["age_group"]


def test_every_data_file_row_has_exactly_its_header_columns():
    """A label with a comma is quoted: unquoted, "Bệnh, sức khỏe" read as "Bệnh"
    and the rest fell off (dropout reasons, disabilities, policies, supports)."""
    data = Path(smasweb.__file__).parent / "data"
    files = sorted(data.rglob("*.csv"))
    assert len(files) > 40
    for path in files:
        with path.open(encoding="utf-8") as fh:
            header, *rows = list(csv.reader(fh))
        widths = {len(r) for r in rows if r}
        assert widths <= {len(header)}, path.name
    assert codelists.label("dropout_reasons", "09") == "Bệnh, sức khỏe"
    assert codelists.label("disabilities", "02") == "Khuyết tật nghe, nói"
