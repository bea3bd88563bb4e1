"""Forms of the measures domain: measures and their savings, follow-ups, reporting periods.

Forms validate; views copy. Organisations offered in a form are narrowed to the user's scope,
and the fields that place an object (plan, decision) are never taken from the request body.
"""

from __future__ import annotations

import datetime as dt

from django import forms
from django.core.exceptions import ObjectDoesNotExist
from django.utils.translation import gettext_lazy as _

from .choices import AmountUnit, FollowUpStatus
from .fields import AmountField
from .models import FollowUp, Measure, Organisation, PlannedSaving


class AccessibleErrorsMixin:
    """Link each field's errors to it (aria-describedby) and mark it invalid (aria-invalid)."""

    def full_clean(self) -> None:
        super().full_clean()
        for name in self.errors:
            if name in self.fields:
                attrs = self.fields[name].widget.attrs
                attrs["aria-invalid"] = "true"
                auto_id = self[name].auto_id
                ids = [attrs.get("aria-describedby", "")]
                if self.fields[name].help_text:
                    ids.append(f"{auto_id}_helptext")
                ids.append(f"{auto_id}-error")
                attrs["aria-describedby"] = " ".join(dict.fromkeys(x for x in ids if x))


class ISODateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs) -> None:
        super().__init__(format="%Y-%m-%d", **kwargs)


class MeasureForm(AccessibleErrorsMixin, forms.ModelForm):
    """A measure's facts; its organisation must lie within the user's scope."""

    class Meta:
        model = Measure
        fields = [
            "organisation",
            "heading",
            "code",
            "title",
            "description",
            "milestone",
            "timetable",
            "start",
            "end",
            "responsible",
            "follow_up_metric",
        ]
        widgets = {
            "start": ISODateInput(),
            "end": ISODateInput(),
            "description": forms.Textarea(attrs={"rows": 4}),
        }
        help_texts = {"start": _("ÅÅÅÅ-MM-DD"), "end": _("ÅÅÅÅ-MM-DD")}

    def __init__(self, *args, organisations, plan, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.instance.plan = plan
        self.fields["organisation"].queryset = organisations
        self.fields["heading"].queryset = plan.headings.all()
        for name in ("start", "end"):
            self.fields[name].error_messages["invalid"] = _(
                "Skriv datumet som ÅÅÅÅ-MM-DD, t.ex. 2025-03-07."
            )


class SavingForm(AccessibleErrorsMixin, forms.ModelForm):
    """A planned saving for one year and category, typed in the page's unit."""

    class Meta:
        model = PlannedSaving
        fields = ["year", "category"]

    def __init__(self, *args, unit: str = AmountUnit.MKR, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["amount"] = AmountField(unit=unit, label=_("Belopp"))
        if self.instance.pk:
            self.initial.setdefault("amount", self.instance.amount)
        self.fields["year"].help_text = _("Tomt: gäller hela planperioden.")

    def clean(self):
        data = super().clean()
        try:
            plan = self.instance.measure.plan
        except ObjectDoesNotExist:
            plan = None
        year = data.get("year")
        if plan and year and not plan.first_year <= year <= plan.last_year:
            self.add_error(
                "year",
                _("Året ska ligga inom planens år %(a)s–%(b)s.")
                % {"a": plan.first_year, "b": plan.last_year},
            )
        return data

    def save(self, commit: bool = True):
        self.instance.amount = self.cleaned_data["amount"]
        return super().save(commit=commit)


class BaseSavingFormSet(forms.BaseInlineFormSet):
    def clean(self) -> None:
        super().clean()
        seen = set()
        for form in self.forms:
            if not hasattr(form, "cleaned_data") or form.cleaned_data.get("DELETE"):
                continue
            key = (form.cleaned_data.get("year"), form.cleaned_data.get("category"))
            if key[1] and key in seen:
                form.add_error("category", _("Samma år och kategori finns redan."))
            seen.add(key)


SavingFormSet = forms.inlineformset_factory(
    Measure,
    PlannedSaving,
    form=SavingForm,
    formset=BaseSavingFormSet,
    extra=2,
    can_delete=True,
    max_num=200,
)


class FollowUpForm(AccessibleErrorsMixin, forms.Form):
    """A new follow-up on a decision: date, reporting unit, status and narrative."""

    date = forms.DateField(
        label=_("Datum"),
        widget=ISODateInput(),
        help_text=_("ÅÅÅÅ-MM-DD"),
        error_messages={"invalid": _("Skriv datumet som ÅÅÅÅ-MM-DD, t.ex. 2025-03-07.")},
    )
    organisation = forms.ModelChoiceField(
        label=_("Rapporterande enhet"), queryset=Organisation.objects.none()
    )
    status = forms.ChoiceField(label=_("Status"), choices=FollowUpStatus.choices)
    text = forms.CharField(
        label=_("Återrapport"),
        widget=forms.Textarea(attrs={"rows": 6}),
        max_length=10000,
        help_text=_("Skriv inget om enskilda personers förhållanden."),
    )

    def __init__(self, *args, organisations, decision, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.decision = decision
        self.fields["organisation"].queryset = organisations
        self.fields["date"].initial = dt.date.today

    def clean(self):
        data = super().clean()
        if data.get("date") and data.get("organisation"):
            taken = FollowUp.objects.filter(
                decision=self.decision, date=data["date"], organisation=data["organisation"]
            ).exists()
            if taken:
                self.add_error("date", _("Enheten har redan en återrapport med det datumet."))
        return data


class OpenPeriodForm(AccessibleErrorsMixin, forms.Form):
    month = forms.CharField(
        label=_("Månad"),
        help_text=_("ÅÅÅÅ-MM, t.ex. 2026-11"),
        max_length=7,
    )

    def clean_month(self) -> dt.date:
        text = self.cleaned_data["month"].strip()
        try:
            year, month = (int(x) for x in text.split("-"))
            return dt.date(year, month, 1)
        except ValueError as exc:
            raise forms.ValidationError(_("Skriv månaden som ÅÅÅÅ-MM, t.ex. 2026-11.")) from exc


class ReopenPeriodForm(AccessibleErrorsMixin, forms.Form):
    reason = forms.CharField(
        label=_("Skäl till att månaden öppnas igen"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
        min_length=5,
    )
