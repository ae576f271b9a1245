"""Rules of the design that no single feature test would notice breaking."""

import ast
from pathlib import Path

import pytest
from django.apps import apps
from django.conf import settings

CHILD_DATA_APPS = [
    "cases",
    "wheel",
    "analysis",
    "consent",
    "meetings",
    "referrals",
    "sip",
    "handovers",
    "skolfam",
]
# DESIGN.md §3: agencies ← cases ← (wheel, analysis, consent) ← meetings ← sip; audit uses none.
# Referrals sit with meetings (they need consent); accounts is below agencies.
ALLOWED_IMPORTS = {
    "audit": set(),
    "accounts": {"audit"},
    "agencies": {"audit", "accounts"},
    "cases": {"audit", "accounts", "agencies"},
    "wheel": {"audit", "accounts", "agencies", "cases"},
    "analysis": {"audit", "accounts", "agencies", "cases"},
    "consent": {"audit", "accounts", "agencies", "cases"},
    "meetings": {"audit", "accounts", "agencies", "cases", "analysis", "consent"},
    "referrals": {"audit", "accounts", "agencies", "cases", "consent"},
    "sip": {"audit", "accounts", "agencies", "cases", "consent", "meetings"},
    # A handover carries a summary of the wheel and the plan to the next unit, under consent.
    "handovers": {"audit", "accounts", "agencies", "cases", "wheel", "consent", "sip"},
    # Skolfam's cohort is marked through a social-services case.
    "skolfam": {"audit", "accounts", "agencies", "cases", "consent"},
    # The indicators read every app's records to count them.
    "indicators": {
        "audit",
        "accounts",
        "agencies",
        "cases",
        "wheel",
        "analysis",
        "consent",
        "meetings",
        "referrals",
        "sip",
        "skolfam",
        "handovers",
    },
    # The generated county and the benchmark write and read through every app.
    "county": {
        "indicators",
        "audit",
        "accounts",
        "agencies",
        "cases",
        "wheel",
        "analysis",
        "consent",
        "meetings",
        "referrals",
        "sip",
        "skolfam",
    },
}


@pytest.mark.parametrize("app_label", CHILD_DATA_APPS)
def test_every_model_with_child_data_has_history(app_label):
    models = [
        m
        for m in apps.get_app_config(app_label).get_models()
        if not m.__name__.startswith("Historical")
    ]
    assert models
    missing = [m.__name__ for m in models if not hasattr(m, "history")]
    assert missing == []


def _imported_apps(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
        elif isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
    return {
        name.split(".")[1] for name in names if name.startswith("apps.") and name.count(".") >= 1
    }


@pytest.mark.parametrize("app_label", sorted(ALLOWED_IMPORTS))
def test_dependencies_point_one_way(app_label):
    root = Path(settings.BASE_DIR) / "apps" / app_label
    offending = {}
    for path in root.rglob("*.py"):
        if "migrations" in path.parts:
            continue
        wrong = _imported_apps(path) - ALLOWED_IMPORTS[app_label] - {app_label}
        if wrong:
            offending[str(path.relative_to(root))] = sorted(wrong)
    assert offending == {}
