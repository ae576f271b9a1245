"""Barnets bästa-hjulet: the seven areas used everywhere a child's situation is described.

Defined here, in the lowest app with child data, because concerns (cases), mappings (wheel),
meetings and SIP actions all tag the same seven areas."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class WheelArea(models.TextChoices):
    HEALTH = "health", _("Hälsa")
    DEVELOPMENT = "development", _("Utveckling")
    LEARNING = "learning", _("Lärande")
    CARE = "care", _("Omsorg")
    HOME = "home", _("Hemmet")
    RELATIONSHIPS = "relationships", _("Relationer")
    SAFETY = "safety", _("Trygghet")


def area_labels(codes) -> list[str]:
    """Display names of area codes, in the wheel's own order."""
    wanted = set(codes)
    return [str(area.label) for area in WheelArea if area.value in wanted]
