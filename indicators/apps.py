from django.apps import AppConfig


class IndicatorsConfig(AppConfig):
    name = "indicators"
    verbose_name = "Indikatorer och ekonomi"

    def ready(self) -> None:
        from . import signals  # noqa: F401  (connects the closed-month guard for readings)
