"""Every rule of the 10-dagenregeling on plain data (no database)."""

from datetime import date

import pytest

from innovet.tiendagen import eligibility as e
from innovet.tiendagen.eligibility import Facts, Track, WegwijsSession

FIRST = date(2027, 3, 1)


def facts(**overrides):
    base = dict(
        track=Track.TSO,
        grade=3,
        year=2,
        class_domain="stem",
        class_field="Elektromechanische technieken",
        training_domains=("stem",),
        training_fields=("Elektromechanische technieken", "Elektrotechnieken"),
        domain_labels={"stem": "STEM"},
        days_requested=5,
        days_used=0,
        first_day=FIRST,
        wegwijs=[WegwijsSession(date(2027, 2, 10), True)],
    )
    base.update(overrides)
    return Facts(**base)


def rules_of(f):
    return [r.rule for r in e.evaluate(f)]


def test_an_eligible_request_passes_every_rule():
    assert e.evaluate(facts()) == []


@pytest.mark.parametrize(
    "track,grade,year",
    [
        (Track.TSO, 3, 2),  # 2nd year of the 3rd grade TSO
        (Track.BSO, 3, 2),  # 2nd year of the 3rd grade BSO
        (Track.BSO, 3, 3),  # the 7th year BSO
        (Track.SENSE, None, None),  # Se-n-Se TSO
        (Track.OV3_INTEGRATION, None, None),  # ABO / integration phase OV3
        (Track.OV3, None, 1),
        (Track.OV3, None, 5),  # the five years OV3
        (Track.DBSO, None, None),
        (Track.LEERTIJD, None, None),
    ],
)
def test_eligible_years_and_tracks(track, grade, year):
    assert e.check_year(facts(track=track, grade=grade, year=year)) is None


@pytest.mark.parametrize(
    "track,grade,year",
    [
        (Track.TSO, 3, 1),  # 1st year of the 3rd grade
        (Track.BSO, 2, 2),  # 2nd grade
        (Track.TSO, 3, 3),  # a 7th year exists only for BSO
        (Track.ASO, 3, 2),
        (Track.KSO, 3, 2),
        (Track.OV3, None, 6),
        (Track.OV3, None, None),
    ],
)
def test_ineligible_years_and_tracks_name_the_rule(track, grade, year):
    refusal = e.check_year(facts(track=track, grade=grade, year=year))
    assert refusal.rule == e.RULE_YEAR
    assert "2de leerjaar van de 3de graad" in refusal.reason
    assert str(refusal).startswith("Leerjaar en onderwijsvorm:")


def test_the_refusal_says_which_class_it_saw():
    refusal = e.check_year(facts(track=Track.TSO, grade=3, year=1))
    assert "het 1de leerjaar van de 3de graad TSO" in refusal.reason


def test_studiedomein_must_be_one_of_the_trainings():
    refusal = e.check_field(facts(class_domain="voeding-en-horeca"))
    assert refusal.rule == e.RULE_FIELD and "STEM" in refusal.reason


def test_studierichting_must_be_named_by_the_training_when_it_names_any():
    assert e.check_field(facts(class_field="  elektromechanische   TECHNIEKEN ")) is None  # case and spaces
    refusal = e.check_field(facts(class_field="Bouwtechnieken"))
    assert refusal.rule == e.RULE_FIELD and "Bouwtechnieken" in refusal.reason


def test_a_training_without_studierichtingen_takes_any_of_its_domains():
    assert e.check_field(facts(training_fields=(), class_field="Koel- en warmtetechnieken")) is None


def test_ten_days_pass_eleven_do_not():
    assert e.check_days(facts(days_requested=10)) is None
    refusal = e.check_days(facts(days_requested=11))
    assert refusal.rule == e.RULE_DAYS and "11 dagen" in refusal.reason and "maximaal 10" in refusal.reason


def test_days_of_other_requests_in_the_school_year_count():
    assert e.check_days(facts(days_requested=4, days_used=6)) is None
    refusal = e.check_days(facts(days_requested=5, days_used=6))
    assert refusal.rule == e.RULE_DAYS and "al 6 dagen" in refusal.reason and "samen 11" in refusal.reason


def test_zero_days_is_refused():
    assert e.check_days(facts(days_requested=0)).rule == e.RULE_DAYS


def test_wegwijssessie_must_come_before_the_first_day():
    assert e.check_wegwijs(facts(wegwijs=[])).rule == e.RULE_WEGWIJS
    on_the_day = [WegwijsSession(FIRST, True)]
    assert e.check_wegwijs(facts(wegwijs=on_the_day)).rule == e.RULE_WEGWIJS
    after = [WegwijsSession(date(2027, 3, 5), True)]
    assert e.check_wegwijs(facts(wegwijs=after)).rule == e.RULE_WEGWIJS


def test_a_registration_for_a_session_before_the_first_day_counts_an_absence_does_not():
    assert e.check_wegwijs(facts(wegwijs=[WegwijsSession(date(2027, 2, 20), None)])) is None
    refusal = e.check_wegwijs(facts(wegwijs=[WegwijsSession(date(2027, 2, 20), False)]))
    assert refusal.rule == e.RULE_WEGWIJS and "01/03/2027" in refusal.reason


def test_every_broken_rule_is_reported_in_rule_order():
    f = facts(track=Track.ASO, class_domain="sport", days_requested=11, wegwijs=[])
    assert rules_of(f) == [e.RULE_YEAR, e.RULE_FIELD, e.RULE_DAYS, e.RULE_WEGWIJS]


def test_school_year():
    assert e.school_year_of(date(2026, 9, 1)) == "2026-2027"
    assert e.school_year_of(date(2027, 8, 31)) == "2026-2027"
    assert e.school_year_bounds("2026-2027") == (date(2026, 9, 1), date(2027, 8, 31))
