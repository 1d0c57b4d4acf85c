"""Receipt codes: how an anonymous employee comes back to their consultation.

A receipt is shown once and never stored: the consultation keeps its first part to
find it and a password hash of the rest to check it.
"""

from __future__ import annotations

import contextlib
import secrets
from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth.hashers import check_password, make_password

from .anonymity import day_only
from .audit import audit
from .errors import InvalidReceipt, RateLimited
from .models import Consultation
from .ratelimits import check_limit, rate_limit

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


def open_by_receipt(code: str, client: str) -> Consultation:
    """:func:`consultation_by_receipt`, within the limits that stop guessing.

    Tries of one code are limited whoever sends them (``POSTCHECK_RATE_RECEIPT``): that
    is what protects a consultation. Wrong codes are limited per ``client``
    (``POSTCHECK_RATE_RECEIPT_FAILURES``), but a client past that limit may still open a
    code that was issued: many people share one address behind a department's proxy,
    and one of them sending wrong codes must not lock the others out of their replies.
    Raises :class:`RateLimited` or :class:`InvalidReceipt`.
    """
    lookup = _normalize_receipt(code)[:RECEIPT_LOOKUP_LEN]
    rate_limit("receipt", f"code:{lookup}", settings.POSTCHECK_RATE_RECEIPT)
    try:
        check_limit("receipt-failures", client, settings.POSTCHECK_RATE_RECEIPT_FAILURES)
    except RateLimited:
        issued = (
            len(lookup) == RECEIPT_LOOKUP_LEN
            and Consultation.objects.filter(receipt_lookup=lookup).exists()
        )
        if not issued:
            raise
    try:
        return consultation_by_receipt(code)
    except InvalidReceipt:
        with contextlib.suppress(RateLimited):  # counted; this one is refused as invalid
            rate_limit("receipt-failures", client, settings.POSTCHECK_RATE_RECEIPT_FAILURES)
        raise
