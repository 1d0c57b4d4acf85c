"""The status history keeps the outcome in force after each change, and marks reopenings.

Existing histories are filled in from what the database still knows: a case's current
outcome goes on its last "outcome recorded" entry and the "closed" entry after it; an
"in progress" entry that follows an outcome or a closure was a reopening. Outcomes that
an earlier reopening erased are not known anywhere, so those entries stay blank.
"""

from django.db import migrations, models


def fill_in_history(apps, schema_editor):  # type: ignore[no-untyped-def]
    Case = apps.get_model("cases", "Case")
    CaseStatusChange = apps.get_model("cases", "CaseStatusChange")
    for case in Case.objects.exclude(status_changes=None).iterator():
        changes = list(CaseStatusChange.objects.filter(case=case).order_by("at", "id"))
        previous = ""
        for change in changes:
            if change.status == "in_progress" and previous in ("outcome_recorded", "closed"):
                change.reopened = True
                change.save(update_fields=["reopened"])
            previous = change.status
        if not case.outcome:
            continue
        last_outcome = max(
            (i for i, c in enumerate(changes) if c.status == "outcome_recorded"), default=None
        )
        if last_outcome is None:
            continue
        for change in changes[last_outcome:]:
            if change.status in ("outcome_recorded", "closed"):
                change.outcome = case.outcome
                change.save(update_fields=["outcome"])


class Migration(migrations.Migration):
    dependencies = [
        ("cases", "0003_encrypt_case_content"),
    ]

    operations = [
        migrations.AddField(
            model_name="casestatuschange",
            name="outcome",
            field=models.CharField(
                blank=True,
                choices=[
                    ("no_action", "No action"),
                    ("informal_conversation", "Informal conversation"),
                    ("advice_edit_remove", "Advice to edit or remove the post"),
                    ("referral_values_ethics", "Referral to values and ethics"),
                    ("referral_coi", "Referral to the conflict-of-interest official"),
                    ("harassment_support", "Support for harassment"),
                    ("support_provided", "Support provided"),
                    ("referred_ombud", "Referred to the Ombud"),
                    ("referred_eap", "Referred to the employee assistance program"),
                    ("referred_security", "Referred to departmental security"),
                    ("employee_declined", "The employee declined support"),
                ],
                max_length=30,
                verbose_name="outcome",
            ),
        ),
        migrations.AddField(
            model_name="casestatuschange",
            name="reopened",
            field=models.BooleanField(default=False, verbose_name="reopened"),
        ),
        migrations.RunPython(fill_in_history, migrations.RunPython.noop),
    ]
