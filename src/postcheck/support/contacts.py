"""The engine's contacts as each organization reaches them."""

from __future__ import annotations

from collections.abc import Sequence

from postcheck.engine import Contact, default_engine

from .models import Organization, OrganizationContact


def organization_contacts(
    organization: Organization | None, contact_ids: Sequence[str], lang: str
) -> tuple[Contact, ...]:
    """The engine's contacts, with how to reach them in this organization when known."""
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
        out.append(Contact(id=cid, name=base.name, how=how))
    return tuple(out)
