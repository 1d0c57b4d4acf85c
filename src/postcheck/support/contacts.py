"""The engine's contacts as each organization reaches them, for the person reading."""

from __future__ import annotations

from collections.abc import Sequence

from django.utils.translation import gettext as _
from django.utils.translation import override

from postcheck.engine import Contact, default_engine

from .models import Organization, OrganizationContact, RecipientRole
from .roles import manager_of


def organization_contacts(
    organization: Organization | None,
    contact_ids: Sequence[str],
    lang: str,
    viewer=None,  # type: ignore[no-untyped-def]
) -> tuple[Contact, ...]:
    """The engine's contacts, with how to reach them in this organization when known.

    "Your manager" is the reader's own, from their membership: a signed-in ``viewer`` is
    told who their manager is (or that none is on record). A signed-out reader gets the
    organization's text, which names no one, since it is the same for everyone.
    """
    engine = default_engine()
    overrides: dict[str, OrganizationContact] = {}
    if organization is not None:
        overrides = {
            c.contact_id: c
            for c in OrganizationContact.objects.filter(
                organization=organization, contact_id__in=list(contact_ids)
            )
        }
    out = []
    for cid in contact_ids:
        base = engine.contact(cid, lang)
        how = overrides[cid].how(lang) if cid in overrides else base.how
        if cid == RecipientRole.MANAGER and getattr(viewer, "is_authenticated", False):
            how = _own_manager(viewer, organization, lang)
        out.append(Contact(id=cid, name=base.name, how=how))
    return tuple(out)


def _own_manager(viewer, organization: Organization | None, lang: str) -> str:  # type: ignore[no-untyped-def]
    manager = manager_of(viewer, organization)
    with override(lang):
        if manager is None:
            return _(
                "No manager is on record for you in postcheck. Talk to your supervisor, or "
                "ask your administrator to record your manager."
            )
        return _(
            "%(name)s, in person or through a consultation in postcheck (under your name)."
        ) % {"name": manager.get_full_name() or manager.get_username()}
