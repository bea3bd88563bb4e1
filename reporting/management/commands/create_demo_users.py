"""Demo log-ins for trying the product locally; prints them. Never run in production.

Besides the users, it opens one reporting month per region of a demo controller (the month
after the region's latest period, or the current month if it has none), so the controllers
have a month to report in.
"""

import datetime as dt

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from measures.choices import Role
from measures.models import Membership, Organisation, ReportingPeriod

DEMO_USERS = [
    # username, password, is_superuser, full name, description, role, organisation codes.
    # The reader reads all three regions so the demo shows all five source reports.
    ("admin", "admin-demo-2026", True, "Ada Administratör", "administratör", Role.ADMIN, []),
    (
        "lasare",
        "lasare-demo-2026",
        False,
        "Lars Läsare",
        "läsare (politiker, direktör), alla tre regionerna",
        Role.READER,
        ["rvb", "rvm", "vgr"],
    ),
    (
        "controller-rvm",
        "controller-rvm-2026",
        False,
        "Cecilia Controller",
        "controller, Region Västmanland HSF (rvm-hsf)",
        Role.CONTROLLER,
        ["rvm-hsf"],
    ),
    (
        "controller-rvb",
        "controller-rvb-2026",
        False,
        "Bo Bergström",
        "controller, Region Västerbotten HSF (rvb-hsf)",
        Role.CONTROLLER,
        ["rvb-hsf"],
    ),
]


def next_month(day: dt.date) -> dt.date:
    return dt.date(day.year + day.month // 12, day.month % 12 + 1, 1)


class Command(BaseCommand):
    help = "Skapar demoanvändare och skriver ut deras inloggningar (endast utveckling)."

    @transaction.atomic
    def handle(self, *args, **options) -> None:
        if getattr(settings, "PRODUCTION", False):
            raise CommandError("Demoanvändare skapas inte i produktion.")
        User = get_user_model()
        self.stdout.write("Demoinloggningar:")
        regions = set()
        for username, password, superuser, name, label, role, codes in DEMO_USERS:
            user, _ = User.objects.get_or_create(username=username)
            first, _, last = name.partition(" ")
            user.first_name, user.last_name = first, last
            user.is_staff = user.is_superuser = superuser
            user.set_password(password)
            user.save()
            for code in codes:
                org = Organisation.objects.filter(code=code).first()
                if org is None:
                    raise CommandError(f"Okänd enhet {code}: kör load_past_reports först.")
                Membership.objects.get_or_create(user=user, organisation=org, role=role)
                if role == Role.CONTROLLER:
                    regions.add(org.region_code)
            self.stdout.write(f"  {username:<15} {password:<22} {label}")
        for code in sorted(regions):
            region = Organisation.objects.get(code=code)
            latest = region.periods.order_by("-month").first()
            if latest is None or latest.is_closed:
                month = next_month(latest.month) if latest else dt.date.today().replace(day=1)
                period, _ = ReportingPeriod.objects.get_or_create(region=region, month=month)
            else:
                period = latest
            self.stdout.write(f"Öppen rapportmånad för {region.name}: {period.label}")
