from django.apps import AppConfig


class MeasuresConfig(AppConfig):
    name = "measures"
    verbose_name = "Åtgärder och beslut"

    def ready(self) -> None:
        from . import signals  # noqa: F401  (connects the closed-month guards)
