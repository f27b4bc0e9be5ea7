"""Ages and age bands are computed from date of birth on a given date, at every boundary."""
from __future__ import annotations

from datetime import date

import pytest

from backend.children.service import age_band, age_on

ON = date(2026, 11, 23)


@pytest.mark.parametrize(("date_of_birth", "age", "band"), [
    (date(2026, 11, 23), 0, "under-8"),
    (date(2018, 11, 24), 7, "under-8"),   # 8th birthday tomorrow
    (date(2018, 11, 23), 8, "8-11"),      # 8th birthday today
    (date(2014, 11, 24), 11, "8-11"),
    (date(2014, 11, 23), 12, "12-17"),
    (date(2008, 11, 24), 17, "12-17"),
    (date(2008, 11, 23), 18, "18-25"),
    (date(2000, 11, 23), 26, "18-25"),
])
def test_age_band_changes_on_the_birthday_not_before(date_of_birth, age, band):
    assert age_on(date_of_birth=date_of_birth, on=ON) == age
    assert age_band(date_of_birth=date_of_birth, on=ON) == band


def test_leap_day_birthday_counts_from_first_of_march_in_common_years():
    born = date(2008, 2, 29)
    assert age_on(date_of_birth=born, on=date(2026, 2, 28)) == 17
    assert age_on(date_of_birth=born, on=date(2026, 3, 1)) == 18


def test_date_before_birth_is_refused():
    with pytest.raises(ValueError):
        age_on(date_of_birth=date(2027, 1, 1), on=ON)
