"""Model-level guards of the closed-month rule (see ``measures.locks``).

``pre_save`` and ``pre_delete`` fire for ``save()``, the admin, ``loaddata`` (raw saves too)
and queryset deletes, so no path around the views can change a closed month.
"""

from __future__ import annotations

from django.db.models.signals import pre_delete, pre_save
from django.dispatch import receiver

from .locks import check_months_open, check_periods_open, override_active
from .models import Decision, FollowUp, MeasureReport


@receiver(pre_save, sender=MeasureReport)
@receiver(pre_delete, sender=MeasureReport)
def measure_report_period_open(sender, instance: MeasureReport, **kwargs) -> None:
    if override_active():
        return
    ids = {instance.period_id}
    if instance.pk is not None:
        ids |= set(MeasureReport.objects.filter(pk=instance.pk).values_list("period_id", flat=True))
    check_periods_open(ids)


@receiver(pre_save, sender=FollowUp)
@receiver(pre_delete, sender=FollowUp)
def follow_up_period_open(sender, instance: FollowUp, **kwargs) -> None:
    if override_active():
        return
    region = (
        Decision.objects.filter(pk=instance.decision_id)
        .values_list("body__region__code", flat=True)
        .first()
    )
    pairs = [(region, instance.date)]
    if instance.pk is not None:
        pairs += list(
            FollowUp.objects.filter(pk=instance.pk).values_list(
                "decision__body__region__code", "date"
            )
        )
    check_months_open(pairs)
