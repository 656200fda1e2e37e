"""The one CSV formula guard every export writes its cells through (course.domain.spreadsheets)."""

from decimal import Decimal

import pytest

from course.domain.spreadsheets import guard_formula


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ('=HYPERLINK("http://x")', '\'=HYPERLINK("http://x")'),
        ("=1+1", "'=1+1"),
        ("+33 1", "'+33 1"),
        ("-2", "'-2"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\tx", "'\tx"),
        ("\rx", "'\rx"),
        ("", ""),
        ("Trieste", "Trieste"),
        ("We open.", "We open."),
        (3, 3),
        (0.5, 0.5),
        (Decimal("-1.00"), Decimal("-1.00")),
        (None, None),
    ],
)
def test_text_that_starts_like_a_formula_is_defused_and_nothing_else_changes(value, expected):
    assert guard_formula(value) == expected
