from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SupportConfig(AppConfig):
    name = "postcheck.support"
    label = "support"
    verbose_name = _("Support for employees")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from . import duties

        duties.connect()
