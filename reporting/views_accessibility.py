"""The accessibility statement (tillgänglighetsredogörelse) and its problem-report form.

Public: anyone, logged in or not, must be able to read it and report a problem (lagen
(2018:1937) om tillgänglighet till digital offentlig service). The form is CSRF-protected
like every POST, and its fields are length-limited.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from .forms_accessibility import AccessibilityFeedbackForm


@login_not_required
@require_http_methods(["GET", "HEAD", "POST"])
def accessibility(request: HttpRequest) -> HttpResponse:
    """The statement; a valid problem report is stored and confirmed after a redirect."""
    if request.method == "POST":
        form = AccessibilityFeedbackForm(request.POST)
        if form.is_valid():
            form.save()
            messages.success(
                request, _("Tack! Din synpunkt är mottagen. Vi återkommer om du lämnat kontakt.")
            )
            return redirect("accessibility")
    else:
        page = request.GET.get("sida", "")[:500]
        form = AccessibilityFeedbackForm(initial={"page_url": page} if page else None)
    context = {"form": form, "contact_email": settings.ACCESSIBILITY_CONTACT_EMAIL}
    return render(request, "reporting/accessibility.html", context)
