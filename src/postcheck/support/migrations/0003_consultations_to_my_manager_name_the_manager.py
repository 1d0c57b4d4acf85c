"""Questions to "my manager" sent before the manager was always named: name the
requester's own manager where their membership records one. Anonymous ones cannot be
resolved (nothing says who sent them); they stay readable by their receipt only."""

from django.db import migrations


def name_the_manager(apps, schema_editor):
    Consultation = apps.get_model("support", "Consultation")
    Membership = apps.get_model("support", "Membership")
    unnamed = Consultation.objects.filter(
        recipient_role="manager", recipient=None, anonymous=False
    ).exclude(requester=None)
    for consultation in unnamed:
        membership = (
            Membership.objects.filter(
                user_id=consultation.requester_id, organization_id=consultation.organization_id
            )
            .exclude(manager=None)
            .first()
        )
        if (
            membership is not None
            and Membership.objects.filter(
                user_id=membership.manager_id,
                organization_id=consultation.organization_id,
                role="manager",
            ).exists()
        ):
            consultation.recipient_id = membership.manager_id
            consultation.save(update_fields=["recipient"])


class Migration(migrations.Migration):
    dependencies = [("support", "0002_encrypt_consultation_content")]

    operations = [migrations.RunPython(name_the_manager, migrations.RunPython.noop)]
