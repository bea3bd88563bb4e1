"""Import pages: upload → preview (dry run) → confirm; templates and round-trip exports."""

from __future__ import annotations

from functools import wraps

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from measures.audit import audit
from measures.choices import AmountUnit
from measures.models import Organisation

from .forms_import import ImportForm
from .imports.engine import ImportResult
from .imports.export import export
from .imports.kinds import IMPORTERS
from .imports.service import BatchError, confirm_batch, preview_upload
from .models import ImportBatch

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def administrators_only(view):
    """Administrators (staff or superusers) only; roles come later (issue 3)."""

    @wraps(view)
    def wrapped(request: HttpRequest, *args, **kwargs):
        if not (request.user.is_staff or request.user.is_superuser):
            audit("access_denied", request=request, status=403, reason="not_admin")
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return wrapped


@require_http_methods(["GET", "POST"])
@administrators_only
def import_start(request: HttpRequest) -> HttpResponse:
    """The upload form; a valid upload is stored, dry-run and shown as a preview."""
    form = ImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        batch = preview_upload(
            data=upload.read(),
            file_name=upload.name,
            kind=form.cleaned_data["kind"],
            unit=form.cleaned_data["unit"] or None,
            options={"gender": form.cleaned_data["gender"] or "T"},
            user=request.user,
        )
        audit("import_preview", request=request, batch=batch.pk, kind=batch.kind)
        return redirect("import_preview", token=batch.token)
    kinds = [(key, imp.title) for key, imp in IMPORTERS.items()]
    return render(request, "reporting/imports/start.html", {"form": form, "kinds": kinds})


@require_GET
@administrators_only
def import_preview(request: HttpRequest, token: str) -> HttpResponse:
    """What the stored file will do (or did): counts, changes and problems by row."""
    batch = get_object_or_404(ImportBatch, token=token, created_by=request.user)
    result = ImportResult.from_dict(batch.preview)
    counts = [
        (
            what,
            result.created.get(what, 0),
            result.updated.get(what, 0),
            result.unchanged.get(what, 0),
        )
        for what in sorted({*result.created, *result.updated, *result.unchanged})
    ]
    context = {
        "batch": batch,
        "result": result,
        "counts": counts,
        "kind_title": IMPORTERS[batch.kind].title,
        "imported": batch.state == ImportBatch.State.IMPORTED,
    }
    return render(request, "reporting/imports/preview.html", context)


@require_POST
@administrators_only
def import_confirm(request: HttpRequest, token: str) -> HttpResponse:
    """Write the previewed file: every row or none."""
    batch = get_object_or_404(ImportBatch, token=token, created_by=request.user)
    try:
        result = confirm_batch(batch=batch, user=request.user)
    except BatchError as exc:
        messages.error(request, str(exc))
        return redirect("import_preview", token=token)
    audit(
        "import_confirm", request=request, batch=batch.pk, kind=batch.kind, written=result.written
    )
    if result.written:
        messages.success(request, _("Filen är inläst: %(s)s.") % {"s": result.summary()})
    else:
        messages.error(request, _("Inget skrevs: filen har problem mot databasen som den är nu."))
    return redirect("import_preview", token=token)


@require_GET
@administrators_only
def import_template(request: HttpRequest, kind: str, fmt: str) -> HttpResponse:
    """An empty file of ``kind`` with Swedish headers and an example row."""
    return _file_response(kind, fmt, f"mall-{kind}", example=True)


@require_GET
@administrators_only
def export_kind(request: HttpRequest, kind: str, fmt: str) -> HttpResponse:
    """Everything of ``kind`` (optionally one region) in the columns its import reads."""
    region = None
    if request.GET.get("region"):
        region = get_object_or_404(Organisation, code=request.GET["region"], parent=None)
    unit = request.GET.get("enhet", AmountUnit.MKR)
    if unit not in AmountUnit.values:
        raise Http404
    name = f"export-{kind}" + (f"-{region.code}" if region else "")
    response = _file_response(kind, fmt, name, unit=unit, region=region)
    where = region.code if region else "alla"
    audit("export", request=request, kind=kind, format=fmt, region=where)
    return response


def _file_response(kind: str, fmt: str, name: str, **options) -> HttpResponse:
    if kind not in IMPORTERS or fmt not in ("xlsx", "csv"):
        raise Http404
    content = export(kind, fmt, **options)
    if fmt == "csv":
        response = StreamingHttpResponse(content, content_type="text/csv; charset=utf-8")
    else:
        response = HttpResponse(content, content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="{name}.{fmt}"'
    return response
