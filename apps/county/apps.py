from django.apps import AppConfig


class CountyConfig(AppConfig):
    """A county of generated data at any size, and the benchmark that runs the key pages on
    it. Above every other app: it writes through their models and grant tables."""

    name = "apps.county"
    verbose_name = "Genererat län"
