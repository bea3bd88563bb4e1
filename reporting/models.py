"""Models of the reporting app: uploaded import files kept between preview and confirmation."""

from __future__ import annotations

import hashlib
import secrets

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


def new_token() -> str:
    return secrets.token_urlsafe(24)


class ImportBatch(models.Model):
    """An uploaded file waiting between its preview (dry run) and its confirmation.

    The file is kept server-side, keyed by an unguessable token; its SHA-256 is checked before
    the confirmed import, which validates the whole file again against the database as it is then.
    """

    class State(models.TextChoices):
        PREVIEWED = "previewed", _("Förhandsgranskad")
        IMPORTED = "imported", _("Inläst")

    token = models.CharField(max_length=64, unique=True, default=new_token, editable=False)
    kind = models.CharField(_("typ av fil"), max_length=20)
    file_name = models.CharField(_("filnamn"), max_length=255)
    content = models.BinaryField(_("innehåll"))
    checksum = models.CharField(_("SHA-256"), max_length=64)
    options = models.JSONField(_("val"), default=dict, blank=True)
    preview = models.JSONField(_("förhandsgranskning"), default=dict, blank=True)
    state = models.CharField(
        _("läge"), max_length=10, choices=State.choices, default=State.PREVIEWED
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    imported_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("importfil")
        verbose_name_plural = _("importfiler")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.file_name} ({self.created_at:%Y-%m-%d %H:%M})"

    @staticmethod
    def checksum_of(data: bytes) -> str:
        return hashlib.sha256(data).hexdigest()

    @property
    def intact(self) -> bool:
        """True if the stored bytes are the ones that were previewed."""
        return self.checksum_of(bytes(self.content)) == self.checksum


class AccessibilityFeedback(models.Model):
    """A reported accessibility problem (from the accessibility statement page), for the
    administrators to read and answer; anyone may send one, logged in or not."""

    page_url = models.CharField(_("sida"), max_length=500, blank=True)
    description = models.TextField(_("beskrivning"), max_length=2000)
    contact = models.CharField(_("kontaktuppgift"), max_length=200, blank=True)
    created = models.DateTimeField(_("inkommen"), auto_now_add=True)

    class Meta:
        ordering = ["-created"]
        verbose_name = _("synpunkt på tillgängligheten")
        verbose_name_plural = _("synpunkter på tillgängligheten")

    def __str__(self) -> str:
        return f"{self.created:%Y-%m-%d %H:%M} {self.page_url or '–'}"
