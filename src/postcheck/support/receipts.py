"""Receipt codes: how an anonymous employee comes back to their consultation.

A receipt is shown once and never stored: the consultation keeps its first part to
find it and a password hash of the rest to check it.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass

from django.contrib.auth.hashers import check_password, make_password

from .anonymity import day_only
from .audit import audit
from .errors import InvalidReceipt
from .models import Consultation

RECEIPT_LOOKUP_LEN = 8
RECEIPT_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I


@dataclass(frozen=True)
class Receipt:
    """A new receipt: the code to show once, and what the consultation keeps of it."""

    code: str
    lookup: str
    secret_hash: str


def new_receipt() -> Receipt:
    """A fresh receipt code, grouped by four characters for reading aloud."""
    lookup = "".join(secrets.choice(RECEIPT_ALPHABET) for _ in range(RECEIPT_LOOKUP_LEN))
    secret = "".join(secrets.choice(RECEIPT_ALPHABET) for _ in range(16))
    raw = lookup + secret
    code = "-".join(raw[i : i + 4] for i in range(0, len(raw), 4))
    return Receipt(code=code, lookup=lookup, secret_hash=make_password(secret))


def _normalize_receipt(code: str) -> str:
    return "".join(ch for ch in code.upper() if ch.isalnum())


def consultation_by_receipt(code: str) -> Consultation:
    """The anonymous consultation a receipt code opens; raises :class:`InvalidReceipt`."""
    raw = _normalize_receipt(code)
    lookup, secret = raw[:RECEIPT_LOOKUP_LEN], raw[RECEIPT_LOOKUP_LEN:]
    consultation = None
    if len(lookup) == RECEIPT_LOOKUP_LEN and secret:
        consultation = Consultation.objects.filter(receipt_lookup=lookup).first()
    if consultation is None:
        make_password(secret)  # same work either way: timing says nothing
        raise InvalidReceipt("no consultation matches this receipt code")
    if not check_password(secret, consultation.receipt_hash):
        raise InvalidReceipt("no consultation matches this receipt code")
    audit(
        "consultation.read",
        at=day_only(),  # the anonymous requester's read: its minute could name them
        organization_id=consultation.organization_id,
        obj=consultation,
        by_receipt=True,
    )
    return consultation
