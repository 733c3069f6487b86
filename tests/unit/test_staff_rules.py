"""The training standard of a teacher's qualification."""

import pytest

from smasweb.services.staff.rules import training_standard


@pytest.mark.parametrize(
    ("group", "level", "qualification", "standard"),
    [
        ("03", "01", "17", "01"),  # preschool teacher with CĐSP: meets
        ("03", "01", "18", "03"),  # TCSP: below
        ("03", "01", "16", "02"),  # ĐHSP: above for preschool
        ("03", "02", "16", "01"),  # primary with ĐHSP: meets
        ("03", "02", "17", "03"),
        ("03", "03", "03", "03"),  # a bachelor without pedagogy: below
        ("03", "03", "13", "01"),  # with the pedagogy certificate: meets
        ("01", "04", "02", "02"),  # a principal with a master's: above
        ("02", "02", "03", None),  # employees are not measured
        ("03", None, "16", None),
    ],
)
def test_training_standard(group, level, qualification, standard):
    assert training_standard(group, level, qualification) == standard
