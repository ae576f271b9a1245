import pytest

from tests.factories.agencies import MunicipalityFactory
from tests.factories.indicators import FigureFactory, steering_member, suppressed


@pytest.fixture
def nykoping(school):
    return school.municipality


@pytest.fixture
def flen(db):
    return MunicipalityFactory(name="Flen", code="0482")


@pytest.fixture
def county_group(db):
    """A member of the county's steering group (länsstyrgruppen)."""
    return steering_member(None, full_name="Lars Länsstyrgrupp")


@pytest.fixture
def autumn(nykoping, flen):
    """Figures of the autumn term 2026: Nyköping's, with a suppressed cell and the cell
    suppressed with it; Flen's and the county's, each with a value nobody else has."""
    FigureFactory(municipality=nykoping, category="health", value=12, children=12)
    FigureFactory(municipality=nykoping, category="home", value=9, children=9)
    suppressed(municipality=nykoping, category="safety")
    suppressed(municipality=nykoping, category="learning")
    FigureFactory(
        municipality=nykoping,
        indicator="days_to_mapping",
        category="median",
        value=14.5,
        children=23,
    )
    FigureFactory(
        municipality=nykoping, indicator="days_to_mapping", category="p90", value=41, children=23
    )
    FigureFactory(
        municipality=nykoping, indicator="agreed_sip_share", category="", value=0.625, children=16
    )
    FigureFactory(municipality=flen, category="health", value=777, children=777)
    FigureFactory(municipality=None, category="health", value=4242, children=4242)
