"""The wheel's geometry: seven sectors closing the ring, the first centred at the top."""

import re

from apps.wheel import picture
from apps.wheel.models import AreaRating, Rating
from tests.factories.wheel import rated


def _numbers(path: str) -> list[float]:
    return [float(n) for n in re.findall(r"-?\d+\.\d+|-?\d+", path)]


def test_sectors_share_their_edges_and_close_the_ring():
    paths = [picture.sector_path(index, 7) for index in range(7)]
    for index, path in enumerate(paths):
        following = paths[(index + 1) % 7]
        end_of_outer_arc = _numbers(path)[7:9]
        start_of_following = _numbers(following)[0:2]
        assert end_of_outer_arc == start_of_following


def test_first_sector_is_centred_at_the_top():
    assert picture.label_position(0, 7) == (
        f"{picture.CENTER:.2f}",
        f"{picture.CENTER - picture.LABEL_RADIUS:.2f}",
    )
    numbers = _numbers(picture.sector_path(0, 7))
    outer_start_x, outer_end_x = numbers[0], numbers[7]
    assert round(outer_start_x + outer_end_x, 2) == 2 * picture.CENTER


def test_coordinates_are_never_localised():
    """Swedish number formatting ("12,5") would break the SVG, so numbers are plain strings."""
    assert "," not in "".join(picture.sector_path(index, 7) for index in range(7))


def test_every_rating_has_its_own_fill_and_all_but_one_a_pattern():
    fills = {fill for fill, _ in picture.STYLES.values()}
    patterns = [pattern for _, pattern in picture.STYLES.values() if pattern]
    assert len(fills) == len(Rating)
    assert len(set(patterns)) == len(Rating) - 1


def test_wheel_names_every_area_and_rating():
    ratings = [
        AreaRating(area=area, **values) for area, values in rated(home="serious_concern").items()
    ]
    wheel = picture.wheel(ratings, dom_id="wheel-1")
    assert [(s.area_label, s.rating_label) for s in wheel.segments][3:5] == [
        ("Omsorg", "Fungerar bra"),
        ("Hemmet", "Allvarlig oro"),
    ]
    assert wheel.segments[4].pattern == "crosshatch"
    assert [item.label for item in wheel.legend] == Rating.labels
