"""Demo cases for the demo organization (run by ``load_demo``). Idempotent.

Two cases opened by demo-manager from practice scenarios: a post brought to their
attention (in progress) and a support case for an employee harassed online. Demo
only: never load demo data on a shared server.
"""

from __future__ import annotations

from datetime import timedelta

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone

from postcheck.cases import handling, intake
from postcheck.cases.models import Case
from postcheck.cases.scenarios import scenario
from postcheck.support.models import Organization

DEMO_MARK = "(demo) "


class Command(BaseCommand):
    help = "Add two demo cases to the demo organization (after load_demo; idempotent)."

    def add_arguments(self, parser):  # type: ignore[no-untyped-def]
        parser.add_argument("--quiet", action="store_true")

    @transaction.atomic
    def handle(self, *args, **options):  # type: ignore[no-untyped-def]
        org = Organization.objects.filter(slug="demo").first()
        users = {
            u.username: u
            for u in get_user_model().objects.filter(username__in=["demo-manager", "demo-employee"])
        }
        if org is None or len(users) < 2:
            self.stderr.write("Run load_demo first: the demo organization and users are missing.")
            return
        if Case.objects.filter(organization=org, raised_by__startswith=DEMO_MARK).exists():
            return
        manager, employee = users["demo-manager"], users["demo-employee"]
        now = timezone.now()
        s = scenario("s03-policy-opinion-analyst")
        case = intake.open_case(
            manager,
            org,
            kind="post",
            employee=employee,
            channel=s.channel,
            raised_by=DEMO_MARK + "A colleague from the same team, in person",
            raised_at=now - timedelta(days=1),
            post_text=s.post["en"],
            post_lang="en",
            context=s.context,
            now=now - timedelta(hours=20),
        )
        handling.complete_step(
            manager,
            case.pk,
            "rights_and_context",
            case.version,
            note="Not their file; modest audience. A grey area.",
            now=now - timedelta(hours=19),
        )
        s = scenario("s18-support-harassed-by-public")
        intake.open_case(
            manager,
            org,
            kind="support",
            employee=employee,
            channel=s.channel,
            raised_by=DEMO_MARK + "The employee, by phone",
            raised_at=now - timedelta(hours=3),
            post_text=s.post["en"],
            post_lang="en",
            now=now - timedelta(hours=2),
        )
        if not options["quiet"]:
            self.stdout.write("Demo cases: 2 opened by demo-manager.")
