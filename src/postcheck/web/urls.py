"""URLs: every page under /en/ or /fr/; the JSON API under /api/v1/."""

from __future__ import annotations

from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import include, path
from django.utils.translation import gettext_lazy as _

from postcheck.api.api import api
from postcheck.support import views as support_views

from . import views

urlpatterns = [
    path("", support_views.root, name="root"),
    path("api/v1/", api.urls),
]

# the pages about the whole site (footer links); paths translated like the apps' own
site_pages = [
    path(_("privacy/"), views.privacy, name="privacy"),
    path(_("accessibility/"), views.accessibility, name="accessibility"),
]

pages = [
    path("", include("postcheck.support.urls")),
    path("", include((site_pages, "site"))),
    path("admin/", admin.site.urls),
]
if "postcheck.cases" in settings.INSTALLED_APPS:  # pragma: no cover - other branch
    pages.append(path("", include("postcheck.cases.urls")))
urlpatterns += i18n_patterns(*pages, prefix_default_language=True)

if settings.OIDC_ENABLED:
    urlpatterns += [path("oidc/", include("mozilla_django_oidc.urls"))]
