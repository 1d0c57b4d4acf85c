"""E-mails of the cases app: a link to sign in, never case content."""

from __future__ import annotations

from django.conf import settings
from django.core.mail import send_mail
from django.urls import reverse
from django.utils import translation

from postcheck.support.models import Membership, Organization, StaffRole


def notify_office_of_alert(organization: Organization) -> None:
    """Tell the values and ethics office a surveillance alert needs review (in both languages)."""
    recipients = list(
        Membership.objects.filter(organization=organization, role=StaffRole.VALUES_ETHICS)
        .exclude(user__email="")
        .values_list("user__email", flat=True)
    )
    if not recipients:
        return
    site = getattr(settings, "SITE_URL", "")
    with translation.override("en"):
        link = site + reverse("cases:office")
    with translation.override("fr"):
        link_fr = site + reverse("cases:office")
    send_mail(
        "postcheck: a case pattern needs your attention / un profil de dossiers demande "
        "votre attention",
        "Several cases were opened about the same employee in a short time. Sign in to "
        f"postcheck to review the alert: {link}\n\n"
        "Plusieurs dossiers ont été ouverts au sujet d'une même personne en peu de temps. "
        f"Connectez-vous à postcheck pour examiner l'alerte : {link_fr}",
        None,
        recipients,
    )
