"""Create an editor's account: staff, in the Editors group, with a generated password shown once."""

import secrets

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

# Made by the migration results/0004_editors_group.
EDITORS = "Editors"


class Command(BaseCommand):
    help = (
        "Create a staff account in the Editors group with a generated password, printed once. "
        "An existing account is left as it is unless --reset-password is given."
    )

    def add_arguments(self, parser):
        parser.add_argument("--username", default="editor", help="The account's name (default: editor).")
        parser.add_argument(
            "--reset-password",
            action="store_true",
            help="Give an existing account a new generated password (and make sure it is an editor).",
        )

    def handle(self, *args, username: str, reset_password: bool, **options):
        group = Group.objects.filter(name=EDITORS).first()
        if group is None:
            raise CommandError(f"There is no {EDITORS} group: run `python manage.py migrate` first.")
        user = get_user_model().objects.filter(username=username).first()
        if user is not None and not reset_password:
            self.stdout.write(
                f"The account “{username}” already exists; nothing was changed. "
                "Give --reset-password to set a new password."
            )
            return
        password = secrets.token_urlsafe(15)
        with transaction.atomic():
            created = user is None
            if created:
                user = get_user_model()(username=username)
            user.is_staff = True
            user.set_password(password)
            user.save()
            user.groups.add(group)
        action = "Created the editor account" if created else "Set a new password for"
        self.stdout.write(
            f"{action} “{username}”.\n"
            f"  username: {username}\n"
            f"  password: {password}\n"
            "The password is shown only this once: keep it now. Log in at /admin/."
        )
