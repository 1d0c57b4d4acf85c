"""Anonymity by time: what an anonymous consultation stores is dated by the day only.

An exact time could be matched against who signed in, signed out or was active at that
minute (the sign-in log, the web server's logs), which would name the sender. So the
consultation, its messages and the audit entries of its anonymous side all carry the
start of the day (in the site's time zone). Messages keep their order by their id.
"""

from __future__ import annotations

from datetime import datetime

from django.utils import timezone


def day_only(moment: datetime | None = None) -> datetime:
    """The start of the day of ``moment`` (now by default), in the site's time zone."""
    local = timezone.localtime(moment or timezone.now())
    return local.replace(hour=0, minute=0, second=0, microsecond=0)


def stored_time(anonymous: bool) -> datetime:
    """The time to store for a consultation: the day when it is anonymous, else now."""
    return day_only() if anonymous else timezone.now()
