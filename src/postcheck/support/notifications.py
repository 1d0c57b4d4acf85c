"""E-mails about consultations: a link to the new message, never its content."""

from __future__ import annotations

from django.conf import settings
from django.core.mail import send_mail
from django.urls import reverse
from django.utils.translation import override

from .models import Consultation, Membership, OrganizationContact, RecipientRole


def recipient_addresses(consultation: Consultation) -> list[str]:
    """Who is told about a new message: the named manager, or everyone in an office's role.

    A question to "my manager" is only ever told to that manager: never to the other
    managers, nor to a shared address.
    """
    if consultation.recipient_id is not None:
        users = [consultation.recipient]
    elif consultation.recipient_role == RecipientRole.MANAGER:
        return []
    else:
        users = [
            m.user
            for m in Membership.objects.filter(
                organization=consultation.organization, role=consultation.recipient_role
            ).select_related("user")
        ]
    addresses = {u.email for u in users if u is not None and u.email}
    contact = OrganizationContact.objects.filter(
        organization=consultation.organization, contact_id=consultation.recipient_role
    ).first()
    if contact is not None and contact.email and consultation.recipient_id is None:
        addresses.add(contact.email)
    return sorted(addresses)


def _links(viewname: str, pk: int) -> dict[str, str]:
    """The page's address in each language: the paths are translated (``/fr/boite/...``),
    so each is reversed in its own language, never rewritten from the English one."""
    links = {}
    for lang in ("en", "fr"):
        with override(lang):
            links[lang] = settings.SITE_URL + reverse(viewname, args=[pk])
    return links


def _send(to: list[str], links: dict[str, str]) -> None:
    if not to:
        return
    subject = "postcheck: new message in a consultation / nouveau message dans une consultation"
    body = (
        "A consultation in postcheck has a new message. For privacy, this e-mail does not "
        f"contain it. Read it here (sign-in required):\n{links['en']}\n\n"
        "Une consultation dans postcheck a un nouveau message. Pour protéger la vie privée, "
        "ce courriel ne le contient pas. Lisez-le ici (connexion requise) :\n"
        f"{links['fr']}\n"
    )
    send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, to, fail_silently=True)


def notify_recipients(consultation: Consultation) -> None:
    """Tell the people the consultation is addressed to that it has a new message."""
    _send(recipient_addresses(consultation), _links("support:inbox_detail", consultation.pk))


def notify_requester(consultation: Consultation) -> None:
    """Only a named requester with an e-mail address is told; anonymous ones check back."""
    requester = consultation.requester
    if consultation.anonymous or requester is None or not requester.email:
        return
    _send([requester.email], _links("support:my_consultation", consultation.pk))
