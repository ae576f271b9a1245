"""What the analysis adds to the case page (its panel) and to the case chronology."""

import pytest

from apps.agencies import policy
from tests.case_page import case_events, render_panel
from tests.factories.analysis import AnalysisFactory

pytestmark = pytest.mark.django_db


def test_panel_lists_the_analyses_and_offers_a_new_one(mapped_case, bba):
    analysis = AnalysisFactory(case=mapped_case, decided_by=bba)

    html = render_panel("analysis/_case_panel.html", mapped_case, bba)

    assert analysis.get_absolute_url() in html
    assert "Hanteras inom den egna verksamheten" in html
    assert f"/arenden/{mapped_case.pk}/analys/ny/" in html
    assert "Gör analys" in html


def test_panel_offers_no_analysis_before_mapping(case, bba):
    html = render_panel("analysis/_case_panel.html", case, bba)

    assert "Ingen analys är gjord ännu." in html
    assert "Gör analys" not in html


def test_panel_offers_no_analysis_to_who_may_only_read(mapped_case, social_services, social_worker):
    # As when a case is shared with another agency: it may be read, not worked on.
    group = policy.membership_group(social_worker, social_services)
    policy.grant(policy.VIEW_CASE, group, mapped_case)

    html = render_panel("analysis/_case_panel.html", mapped_case, social_worker)

    assert "Gör analys" not in html


def test_chronology_shows_the_decision_with_a_link(mapped_case, bba):
    analysis = AnalysisFactory(
        case=mapped_case, decided_by=bba, decision="collaboration", collaboration_kinds=["kaa"]
    )

    events = [event for event in case_events(mapped_case, bba) if event.kind == "analysis"]

    assert [(e.title, e.who, e.url) for e in events] == [
        ("Analys: Samverkan behövs", bba, analysis.get_absolute_url())
    ]
