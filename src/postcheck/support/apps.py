from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


def _create_cache_table(sender, using: str = "default", **kwargs) -> None:  # type: ignore[no-untyped-def]
    """The rate-limit counters' table (database cache): made wherever ``migrate`` runs."""
    from django.core.management import call_command

    call_command("createcachetable", database=using, verbosity=0)


class SupportConfig(AppConfig):
    name = "postcheck.support"
    label = "support"
    verbose_name = _("Support for employees")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from . import duties

        duties.connect()
        post_migrate.connect(_create_cache_table, sender=self)
