"""The upload form of the import page."""

from __future__ import annotations

from pathlib import Path

from django import forms
from django.utils.translation import gettext_lazy as _

from measures.choices import AmountUnit

from .imports.kinds import IMPORTERS

MAX_UPLOAD_BYTES = 50 * 1024 * 1024
"""Larger files are loaded with ``manage.py import_report``, which streams from disk."""

GENDERS = [("T", _("Totalt (T)")), ("K", _("Kvinnor (K)")), ("M", _("Män (M)"))]


class ImportForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("Vad filen innehåller"),
        choices=[(key, imp.title) for key, imp in IMPORTERS.items()],
    )
    file = forms.FileField(
        label=_("Fil (.xlsx eller .csv)"),
        help_text=_("CSV med semikolon eller komma, UTF-8. Rubrikerna står på rad 1."),
    )
    unit = forms.ChoiceField(
        label=_("Beloppens enhet"),
        required=False,
        choices=[("", _("Som det står i rubriken, t.ex. ”Belopp (mkr)”")), *AmountUnit.choices],
        help_text=_("Gäller belopp vars rubrik inte anger enheten."),
    )
    gender = forms.ChoiceField(
        label=_("Kön (Kolada-filer med kolumnen Kön)"),
        choices=GENDERS,
        initial="T",
        required=False,
    )

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        for name, field in self.fields.items():
            described = [f"id_{name}-help"] if field.help_text else []
            if self.is_bound and name in self.errors:
                described.append(f"id_{name}-error")
                field.widget.attrs["aria-invalid"] = "true"
            if described:
                field.widget.attrs["aria-describedby"] = " ".join(described)

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if Path(upload.name).suffix.lower() not in (".xlsx", ".csv"):
            raise forms.ValidationError(_("Välj en fil som slutar på .xlsx eller .csv."))
        if upload.size > MAX_UPLOAD_BYTES:
            raise forms.ValidationError(
                _("Filen är större än 50 MB. Läs in den med kommandot import_report.")
            )
        if upload.size == 0:
            raise forms.ValidationError(_("Filen är tom."))
        return upload
