"""Uploads kept between preview and confirmation (``ImportBatch``), for the browser flow."""

from __future__ import annotations

import datetime as dt
import io
import logging

from django.utils import timezone
from django.utils.translation import gettext as _

from reporting.models import ImportBatch

from .engine import ImportResult, run_import

logger = logging.getLogger("uppfoljning.imports")
KEEP_PREVIEWS = dt.timedelta(days=7)
"""Uploads that were previewed but never confirmed are deleted after this long."""


class BatchError(ValueError):
    """A stored upload that cannot be imported (changed, already imported); Swedish message."""


def preview_upload(
    *, data: bytes, file_name: str, kind: str, unit: str | None, options: dict, user
) -> ImportBatch:
    """Store the uploaded file under a random token and keep the dry run's result with it."""
    ImportBatch.objects.filter(
        state=ImportBatch.State.PREVIEWED, created_at__lt=timezone.now() - KEEP_PREVIEWS
    ).delete()
    batch = ImportBatch(
        kind=kind,
        file_name=file_name[-255:],
        content=data,
        checksum=ImportBatch.checksum_of(data),
        options={"unit": unit, **options},
        created_by=user,
    )
    result = _run(batch, user=user, dry_run=True)
    batch.preview = result.to_dict()
    batch.save()
    logger.info(
        "import preview user=%s kind=%s file=%r rows=%s problems=%s",
        user.pk,
        kind,
        file_name,
        result.rows,
        result.problem_count,
    )
    return batch


def confirm_batch(*, batch: ImportBatch, user) -> ImportResult:
    """Import a previewed file for real; it is validated again against the database as it is."""
    if batch.state == ImportBatch.State.IMPORTED:
        raise BatchError(_("Filen är redan inläst."))
    if not batch.intact:
        raise BatchError(_("Den sparade filen har ändrats sedan förhandsgranskningen."))
    result = _run(batch, user=user, dry_run=False)
    batch.preview = result.to_dict()
    if result.written:
        batch.state = ImportBatch.State.IMPORTED
        batch.imported_at = timezone.now()
    batch.save()
    logger.info(
        "import confirm user=%s kind=%s file=%r rows=%s written=%s problems=%s",
        user.pk,
        batch.kind,
        batch.file_name,
        result.rows,
        result.written,
        result.problem_count,
    )
    return result


def _run(batch: ImportBatch, *, user, dry_run: bool) -> ImportResult:
    options = dict(batch.options)
    unit = options.pop("unit", None)
    return run_import(
        stream=io.BytesIO(bytes(batch.content)),
        file_name=batch.file_name,
        kind=batch.kind,
        user=user,
        dry_run=dry_run,
        unit=unit,
        options=options,
    )
