"""工作日 on China's official calendar: National Day and Spring Festival with their 调休 weekends,
and the admin override table for years the library does not know."""

import datetime as dt

import pytest

from cppcc.models import WorkdayOverride
from cppcc.workdays import add_workdays, is_workday, workdays_between

D = dt.date


@pytest.mark.django_db
def test_national_day_2020_holidays_and_makeup_weekends():
    assert not is_workday(D(2020, 10, 1))
    assert not is_workday(D(2020, 10, 8))  # 国庆中秋 8 days off
    assert is_workday(D(2020, 9, 27))  # Sunday worked (调休)
    assert is_workday(D(2020, 10, 10))  # Saturday worked (调休)
    assert not is_workday(D(2020, 10, 11))  # an ordinary Sunday


@pytest.mark.django_db
def test_five_workdays_across_national_day():
    # Wed 30 Sep 2020 + 5 working days: Fri 9 Oct, Sat 10 Oct (调休), Mon 12, Tue 13, Wed 14 Oct
    assert add_workdays(D(2020, 9, 30), 5) == D(2020, 10, 14)
    # from Sat 26 Sep: Sun 27 (调休), Mon 28, Tue 29, Wed 30, then Fri 9 Oct
    assert add_workdays(D(2020, 9, 26), 5) == D(2020, 10, 9)
    # Monday-to-Friday counting would have said 7 Oct (a holiday)
    assert add_workdays(D(2020, 9, 30), 5) != D(2020, 10, 7)


@pytest.mark.django_db
def test_spring_festival_2021_makeup_days():
    assert is_workday(D(2021, 2, 7))  # Sunday worked before 春节
    assert is_workday(D(2021, 2, 20))  # Saturday worked after
    assert not is_workday(D(2021, 2, 12))  # 春节
    # Fri 5 Feb + 5: Sun 7 (调休), Mon 8, Tue 9, Wed 10, then Thu 18 Feb (holiday 11–17)
    assert add_workdays(D(2021, 2, 5), 5) == D(2021, 2, 18)
    # 15 working days from Wed 10 Feb 2021: 18,19,20(Sat 调休),22,23,24,25,26, 1,2,3,4,5, 8,9 Mar
    assert add_workdays(D(2021, 2, 10), 15) == D(2021, 3, 9)


@pytest.mark.django_db
def test_workdays_between_counts_after_start_up_to_end():
    assert workdays_between(D(2020, 9, 30), D(2020, 10, 14)) == 5
    assert workdays_between(D(2020, 10, 14), D(2020, 9, 30)) == 0
    assert add_workdays(D(2020, 10, 14), -5) == D(2020, 9, 30)
    assert add_workdays(D(2020, 10, 14), 0) == D(2020, 10, 14)


@pytest.mark.django_db
def test_override_table_wins_and_covers_unknown_years():
    far = D(2099, 1, 1)  # a Thursday in a year the package does not know: Monday–Friday rule
    assert is_workday(far)
    WorkdayOverride.objects.create(date=far, is_workday=False, note="元旦")
    assert not is_workday(far)
    # Sat 3 Jan 2099 made a working day
    WorkdayOverride.objects.create(date=D(2099, 1, 3), is_workday=True, note="调休上班")
    # Wed 31 Dec 2098 + 2: (Thu 1 Jan holiday) Fri 2, Sat 3 (调休)
    assert add_workdays(D(2098, 12, 31), 2) == D(2099, 1, 3)
    # an override also corrects a known year
    WorkdayOverride.objects.create(date=D(2020, 10, 12), is_workday=False, note="本地调整")
    assert add_workdays(D(2020, 9, 30), 5) == D(2020, 10, 15)


@pytest.mark.django_db
def test_add_workdays_takes_one_query(django_assert_num_queries):
    with django_assert_num_queries(1):
        add_workdays(D(2020, 9, 30), 15)
