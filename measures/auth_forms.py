"""The log-in form."""

from __future__ import annotations

from django.contrib.auth.forms import AuthenticationForm
from django.core.validators import MaxLengthValidator


class LoginForm(AuthenticationForm):
    """Django's log-in form with the user name's length enforced, not only hinted.

    AuthenticationForm sets the field's max_length after construction, which adds no validator,
    so an over-long name reached authenticate() and django-axes' record of the failure
    (a 255-character column): a 500 on PostgreSQL. No account can have such a name, so it is
    refused as a field error before any look-up."""

    def __init__(self, request=None, *args, **kwargs) -> None:
        super().__init__(request, *args, **kwargs)
        field = self.fields["username"]
        field.validators.append(MaxLengthValidator(field.max_length))
