from django.apps import AppConfig


class MeasuresConfig(AppConfig):
    name = "measures"
    verbose_name = "Åtgärder och beslut"

    def ready(self) -> None:
        from . import audit, signals  # noqa: F401  (connect the closed-month guards, audit log)
