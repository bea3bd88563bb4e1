"""The closed-month rule for indicator readings (see ``measures.locks``)."""

from __future__ import annotations

from django.db.models.signals import pre_delete, pre_save
from django.dispatch import receiver

from measures.locks import check_months_open, override_active
from measures.models import Organisation

from .models import IndicatorReading


def _region_code(org_id: int) -> str:
    path = Organisation.objects.filter(pk=org_id).values_list("path", flat=True).first() or "/"
    return path.strip("/").split("/")[0]


@receiver(pre_save, sender=IndicatorReading)
@receiver(pre_delete, sender=IndicatorReading)
def reading_period_open(sender, instance: IndicatorReading, **kwargs) -> None:
    if override_active():
        return
    pairs = [(_region_code(instance.organisation_id), instance.month)]
    if instance.pk is not None:
        old = (
            IndicatorReading.objects.filter(pk=instance.pk)
            .values_list("organisation_id", "month")
            .first()
        )
        if old:
            pairs.append((_region_code(old[0]), old[1]))
    check_months_open(pairs)
