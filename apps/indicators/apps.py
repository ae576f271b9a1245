from django.apps import AppConfig


class IndicatorsConfig(AppConfig):
    """Results for the child, counted for the steering groups: figures per municipality, agency
    kind and period, computed from every app's records into a table of their own so that the
    pages that show them read no record of a child. Above the child-data apps: it reads them."""

    name = "apps.indicators"
    verbose_name = "Indikatorer"
