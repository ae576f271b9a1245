"""The child's stage and the table of who holds the BBA responsibility for it: derived from the
birth date at the autumn term's start, recorded where the child's road differs."""

import datetime

import pytest

from apps.agencies.models import Agency
from apps.cases import services, stages
from apps.cases.stages import Stage
from tests.factories.agencies import AgencyFactory
from tests.factories.cases import CaseFactory, ChildFactory

D = datetime.date
K = Agency.Kind


def test_the_table_follows_the_sormland_model():
    """BVC and preschool for 0-6, the school from förskoleklass to year 9, the upper secondary
    school in Sörmland, the home municipality's follow-up officer outside Sörmland, KAA for
    those not in upper secondary; nobody after the responsibility ends."""
    assert stages.responsible_kinds(Stage.PRESCHOOL) == (K.CHILD_HEALTH, K.PRESCHOOL)
    assert stages.responsible_kinds(Stage.SCHOOL) == (K.SCHOOL,)
    assert stages.responsible_kinds(Stage.UPPER_SECONDARY) == (K.UPPER_SECONDARY,)
    assert stages.responsible_kinds(Stage.UPPER_SECONDARY_ELSEWHERE) == (K.FOLLOW_UP,)
    assert stages.responsible_kinds(Stage.NOT_IN_SCHOOL) == (K.KAA,)
    assert stages.responsible_kinds(Stage.ADULT) == ()
    assert set(stages.RESPONSIBILITY) == set(Stage.values)


def test_each_stage_says_which_follows_and_when_it_begins():
    born = D(2015, 3, 12)
    table = stages.RESPONSIBILITY
    assert table[Stage.PRESCHOOL].next_stage == Stage.SCHOOL
    assert table[Stage.PRESCHOOL].next_begins(born) == D(2021, 8, 15)
    assert table[Stage.SCHOOL].next_stage == Stage.UPPER_SECONDARY
    assert table[Stage.SCHOOL].next_begins(born) == D(2031, 8, 15)
    assert table[Stage.UPPER_SECONDARY].next_begins(born) == D(2034, 8, 15)
    assert table[Stage.NOT_IN_SCHOOL].next_stage == Stage.ADULT
    assert table[Stage.NOT_IN_SCHOOL].next_begins(born) == D(2035, 7, 1)
    assert table[Stage.ADULT].next_stage is None


@pytest.mark.parametrize(
    ("born", "on", "stage"),
    [
        # Förskoleklass starts the autumn of the year the child turns 6, birthday or not.
        (D(2019, 12, 31), D(2025, 8, 14), Stage.PRESCHOOL),
        (D(2019, 12, 31), D(2025, 8, 15), Stage.SCHOOL),  # still 5 years old
        (D(2020, 1, 1), D(2025, 8, 15), Stage.PRESCHOOL),  # born a day later: a year later
        (D(2020, 1, 1), D(2026, 8, 15), Stage.SCHOOL),
        (D(2019, 8, 14), D(2025, 8, 15), Stage.SCHOOL),
        (D(2019, 8, 16), D(2025, 8, 15), Stage.SCHOOL),  # turns 6 the day after
        (D(2019, 8, 16), D(2025, 8, 14), Stage.PRESCHOOL),  # 6 in a year, but not yet started
        # Year 9 is the school year from the autumn they turn 15; then upper secondary.
        (D(2010, 12, 31), D(2026, 8, 14), Stage.SCHOOL),
        (D(2010, 12, 31), D(2026, 8, 15), Stage.UPPER_SECONDARY),
        (D(2011, 1, 1), D(2026, 8, 15), Stage.SCHOOL),
        # Three years of upper secondary; after it, no BBA on the usual road.
        (D(2010, 3, 1), D(2029, 8, 14), Stage.UPPER_SECONDARY),
        (D(2010, 3, 1), D(2029, 8, 15), Stage.ADULT),
        (D(2026, 1, 1), D(2026, 1, 1), Stage.PRESCHOOL),  # newborn
    ],
)
def test_the_stage_derived_from_the_birth_date(born, on, stage):
    assert stages.derived_stage(born, on) == stage


def test_the_next_change_and_whether_it_falls_in_the_coming_term(db):
    child = ChildFactory(birth_date=D(2020, 3, 1))
    change = stages.next_change(child, D(2026, 1, 10))
    assert (change.on, change.stage, change.kinds) == (D(2026, 8, 15), Stage.SCHOOL, (K.SCHOOL,))
    # In the spring the autumn's moves show; from July, those of the next spring only.
    assert stages.coming_change(child, D(2026, 1, 10)) == change
    assert stages.coming_change(child, D(2025, 11, 29)) is None
    assert stages.horizon(D(2026, 6, 30)) == D(2026, 12, 31)
    assert stages.horizon(D(2026, 7, 1)) == D(2027, 6, 30)
    assert stages.remind_from(D(2026, 8, 15)) == D(2026, 6, 16)


def test_a_child_held_back_a_year_stays_in_preschool_until_the_record_ends(db):
    child = ChildFactory(birth_date=D(2020, 3, 1))
    services.record_stage(
        child,
        by=None,
        stage=Stage.PRESCHOOL,
        starts_on=D(2026, 8, 15),
        ends_on=D(2027, 8, 14),
        reason="Uppskjuten skolstart enligt beslut.",
    )
    assert stages.stage_of(child, D(2026, 9, 1)) == Stage.PRESCHOOL
    assert stages.is_recorded(child, D(2026, 9, 1))
    assert stages.next_change(child, D(2026, 1, 10)).on == D(2027, 8, 15)
    assert stages.stage_of(child, D(2027, 8, 15)) == Stage.SCHOOL
    assert not stages.is_recorded(child, D(2027, 8, 15))


def test_upper_secondary_outside_sormland_goes_to_the_home_municipalitys_follow_up(db):
    child = ChildFactory(birth_date=D(2011, 3, 1))
    services.record_stage(
        child,
        by=None,
        stage=Stage.UPPER_SECONDARY_ELSEWHERE,
        starts_on=D(2027, 8, 15),
        reason="Antagen till gymnasium i Västerås.",
    )
    change = stages.next_change(child, D(2027, 3, 1))
    assert (change.on, change.stage, change.kinds) == (
        D(2027, 8, 15),
        Stage.UPPER_SECONDARY_ELSEWHERE,
        (K.FOLLOW_UP,),
    )


def test_the_activity_responsibility_ends_with_the_first_half_of_the_year_they_turn_20(db):
    child = ChildFactory(birth_date=D(2010, 11, 30))
    services.record_stage(
        child, by=None, stage=Stage.NOT_IN_SCHOOL, starts_on=D(2027, 2, 1), reason="Avbrott."
    )
    assert stages.stage_of(child, D(2030, 6, 30)) == Stage.NOT_IN_SCHOOL
    assert stages.stage_of(child, D(2030, 7, 1)) == Stage.ADULT
    change = stages.next_change(child, D(2030, 1, 2))
    assert (change.on, change.stage, change.kinds) == (D(2030, 7, 1), Stage.ADULT, ())
    assert stages.next_change(child, D(2030, 7, 1)) is None


def test_a_later_record_corrects_an_earlier_one_and_both_stay_in_the_history(db):
    child = ChildFactory(birth_date=D(2010, 5, 5))
    first = services.record_stage(
        child, by=None, stage=Stage.NOT_IN_SCHOOL, starts_on=D(2027, 1, 1), reason="Avbrott."
    )
    services.record_stage(
        child,
        by=None,
        stage=Stage.UPPER_SECONDARY,
        starts_on=D(2027, 8, 15),
        reason="Börjat om på gymnasiet.",
    )
    assert stages.stage_of(child, D(2027, 5, 1)) == Stage.NOT_IN_SCHOOL
    assert stages.stage_of(child, D(2027, 9, 1)) == Stage.UPPER_SECONDARY
    assert first.history.count() == 1
    assert child.recorded_stages.count() == 2


def test_a_stage_without_a_reason_or_ending_before_it_starts_is_refused(db):
    child = ChildFactory(birth_date=D(2010, 5, 5))
    with pytest.raises(services.StageNotRecorded):
        services.record_stage(
            child, by=None, stage=Stage.NOT_IN_SCHOOL, starts_on=D(2027, 1, 1), reason=" "
        )
    with pytest.raises(services.StageNotRecorded):
        services.record_stage(
            child,
            by=None,
            stage=Stage.NOT_IN_SCHOOL,
            starts_on=D(2027, 1, 1),
            ends_on=D(2026, 1, 1),
            reason="Avbrott.",
        )
    assert not child.recorded_stages.exists()


@pytest.mark.parametrize(
    ("kind", "born", "warned"),
    [
        (K.PRESCHOOL, D(2018, 3, 1), True),  # in school since 2024: the preschool should hand over
        (K.PRESCHOOL, D(2022, 3, 1), False),
        (K.CHILD_HEALTH, D(2022, 3, 1), False),
        (K.SCHOOL, D(2018, 3, 1), False),
        (K.SCHOOL, D(2009, 3, 1), True),  # in upper secondary
        (K.SOCIAL_SERVICES, D(2018, 3, 1), False),  # runs its own cases at every stage
    ],
)
def test_the_case_page_warns_when_the_unit_does_not_hold_the_responsibility(kind, born, warned, db):
    agency = AgencyFactory(kind=kind)
    case = CaseFactory(child=ChildFactory(agency=agency, birth_date=born))
    shown = stages.case_stage(case, D(2026, 11, 29))
    assert shown.unit_not_responsible is warned
