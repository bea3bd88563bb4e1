"""Demo log-ins for trying the product locally; prints them. Never run in production."""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

DEMO_USERS = [
    # username, password, is_superuser, full name, description
    ("admin", "admin-demo-2026", True, "Ada Administratör", "administratör"),
    ("lasare", "lasare-demo-2026", False, "Lars Läsare", "läsare (politiker, direktör)"),
]


class Command(BaseCommand):
    help = "Skapar demoanvändare och skriver ut deras inloggningar (endast utveckling)."

    def handle(self, *args, **options) -> None:
        if getattr(settings, "PRODUCTION", False):
            raise CommandError("Demoanvändare skapas inte i produktion.")
        User = get_user_model()
        self.stdout.write("Demoinloggningar:")
        for username, password, superuser, name, role in DEMO_USERS:
            user, _ = User.objects.get_or_create(username=username)
            first, _, last = name.partition(" ")
            user.first_name, user.last_name = first, last
            user.is_staff = user.is_superuser = superuser
            user.set_password(password)
            user.save()
            self.stdout.write(f"  {username:<12} {password:<20} {role}")
