"""The form on the accessibility statement page for reporting a problem."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from measures.forms import AccessibleErrorsMixin

from .models import AccessibilityFeedback


class AccessibilityFeedbackForm(AccessibleErrorsMixin, forms.ModelForm):
    class Meta:
        model = AccessibilityFeedback
        fields = ["page_url", "description", "contact"]
        labels = {
            "page_url": _("Sida där problemet finns (valfritt)"),
            "description": _("Beskriv problemet"),
            "contact": _("E-post eller telefon om du vill ha svar (valfritt)"),
        }
        help_texts = {
            "description": _("Högst 2 000 tecken. Skriv inga uppgifter om enskilda patienter."),
        }
        widgets = {
            "description": forms.Textarea(attrs={"rows": 6, "cols": 60, "maxlength": 2000}),
            "page_url": forms.TextInput(attrs={"size": 60, "maxlength": 500}),
            "contact": forms.TextInput(attrs={"size": 40, "maxlength": 200}),
        }
        error_messages = {
            "description": {"required": _("Beskriv problemet.")},
        }

    def clean_description(self) -> str:
        text = self.cleaned_data["description"].strip()
        if not text:
            raise forms.ValidationError(_("Beskriv problemet."))
        return text
