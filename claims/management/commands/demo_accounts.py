"""Create (or reset) the demo's editor, curator and viewer, and print their passwords."""

import secrets

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management.base import BaseCommand
from django.db import transaction

from claims import roles

ACCOUNTS = [
    # username, group, may use the admin
    ("editor", roles.EDITORS, False),
    ("curator", roles.CURATORS, True),
    ("viewer", roles.VIEWERS, False),
]


class Command(BaseCommand):
    help = "Create the demo accounts (editor, curator, viewer) with fresh passwords and print them."

    def add_arguments(self, parser):
        parser.add_argument(
            "--password",
            help="Use this password for all three instead of random ones (for scripted demos).",
        )

    @transaction.atomic
    def handle(self, *args, password: str | None = None, **options):
        User = get_user_model()
        rows = []
        for username, group_name, staff in ACCOUNTS:
            user, _ = User.objects.get_or_create(
                username=username, defaults={"email": f"{username}@newsroom.example"}
            )
            secret = password or secrets.token_urlsafe(12)
            user.set_password(secret)
            user.is_staff = staff
            user.is_active = True
            user.save()
            user.groups.set([Group.objects.get(name=group_name)])
            rows.append((username, group_name, secret))

        self.stdout.write("Demo accounts (sign in at /accounts/login/):")
        for username, group_name, secret in rows:
            self.stdout.write(f"  {username:<8} {group_name:<9} password: {secret}")
