"""Load the demo organization, its contacts and one user per role. Idempotent.

Demo passwords are fixed and printed on purpose: they are for a laptop demo only.
Never load the demo data on a shared server (``postcheck serve --no-demo``).
"""

from __future__ import annotations

from django.apps import apps
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.db import transaction

from postcheck.support.duties import acting_as
from postcheck.support.models import Membership, Organization, OrganizationContact, StaffRole

DEMO_ORG = {
    "slug": "demo",
    "name_en": "Department of Demonstrations",
    "name_fr": "Ministère des Démonstrations",
}

# The same text for everyone, so none names a person: a signed-in employee is told who
# their own manager is from their membership (support.contacts).
DEMO_CONTACTS = {
    "manager": (
        "Your manager or supervisor, in person or through a consultation in postcheck (sign in to reach your own manager).",
        "Votre gestionnaire ou superviseur, en personne ou par une consultation dans postcheck (connectez-vous pour joindre votre propre gestionnaire).",
        "",
    ),
    "values_ethics": (
        "Values and Ethics Office, room 101, values-ethics@demo.invalid, or a consultation in postcheck.",
        "Bureau des valeurs et de l'éthique, pièce 101, values-ethics@demo.invalid, ou une consultation dans postcheck.",
        "values-ethics@demo.invalid",
    ),
    "dso_coi": (
        "Designated senior official for conflict of interest, coi@demo.invalid, or a consultation in postcheck.",
        "Cadre supérieur désigné pour les conflits d'intérêts, coi@demo.invalid, ou une consultation dans postcheck.",
        "coi@demo.invalid",
    ),
    "ombud": (
        "Office of the Ombud, confidential line 555-0100, ombud@demo.invalid, or a consultation in postcheck.",
        "Bureau de l'ombudsman, ligne confidentielle 555-0100, ombud@demo.invalid, ou une consultation dans postcheck.",
        "ombud@demo.invalid",
    ),
    "security": (
        "Departmental security officer, security@demo.invalid, extension 2222.",
        "Agent de sécurité ministériel, security@demo.invalid, poste 2222.",
        "",
    ),
    "privacy": (
        "ATIP office, atip@demo.invalid.",
        "Bureau de l'AIPRP, atip@demo.invalid.",
        "",
    ),
    "communications": (
        "Communications branch, media-desk@demo.invalid.",
        "Direction des communications, media-desk@demo.invalid.",
        "",
    ),
}

# username, role, display name. Password: "<username>-pass-2026" (demo only).
DEMO_USERS = [
    ("demo-employee", StaffRole.EMPLOYEE, "Emery Employee"),
    ("demo-manager", StaffRole.MANAGER, "Morgan Manager"),
    ("demo-ethics", StaffRole.VALUES_ETHICS, "Val Ethics"),
    ("demo-coi", StaffRole.DSO_COI, "Casey Conflict"),
    ("demo-ombud", StaffRole.OMBUD, "Olive Ombud"),
    ("demo-admin", StaffRole.GUIDANCE_ADMIN, "Gail Guidance"),
    ("demo-auditor", StaffRole.AUDITOR, "Avery Auditor"),
]


def demo_password(username: str) -> str:
    return f"{username}-pass-2026"


class Command(BaseCommand):
    help = "Load the demo organization and one demo user per role (idempotent)."

    def add_arguments(self, parser):  # type: ignore[no-untyped-def]
        parser.add_argument("--quiet", action="store_true", help="do not print the demo users")

    def handle(self, *args, **options):  # type: ignore[no-untyped-def]
        # The demo's roles are granted by the system, and audited as this command's.
        with acting_as(None, via="load_demo"):
            self._load(options)

    @transaction.atomic
    def _load(self, options):  # type: ignore[no-untyped-def]
        org, _ = Organization.objects.get_or_create(slug=DEMO_ORG["slug"], defaults=DEMO_ORG)
        for contact_id, (how_en, how_fr, email) in DEMO_CONTACTS.items():
            # update: a demo database loaded before keeps no outdated demo text
            OrganizationContact.objects.update_or_create(
                organization=org,
                contact_id=contact_id,
                defaults={"how_en": how_en, "how_fr": how_fr, "email": email},
            )
        User = get_user_model()
        users = {}
        for username, role, full_name in DEMO_USERS:
            first, last = full_name.split(" ", 1)
            user = User.objects.filter(username=username).first()
            if user is None:
                user = User.objects.create_user(
                    username=username,
                    password=demo_password(username),
                    first_name=first,
                    last_name=last,
                    email=f"{username}@demo.invalid",
                )
            if role == StaffRole.GUIDANCE_ADMIN and not user.is_staff:
                user.is_staff = True
                user.is_superuser = True
                user.save(update_fields=["is_staff", "is_superuser"])
            users[role] = user
        for _username, role, _name in DEMO_USERS:
            Membership.objects.get_or_create(
                user=users[role],
                organization=org,
                role=role,
                defaults={
                    "manager": users[StaffRole.MANAGER] if role == StaffRole.EMPLOYEE else None
                },
            )
        if apps.is_installed("postcheck.cases"):  # the managers' cases (branch `cases`)
            call_command("load_demo_cases", quiet=True)
        if not options["quiet"]:
            self.stdout.write("postcheck demo users (demo only; do not use on a shared server):")
            for username, role, _name in DEMO_USERS:
                self.stdout.write(
                    f"  {role.label!s:<55} {username:<14} password {demo_password(username)}"
                )
