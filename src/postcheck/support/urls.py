"""Pages of the support app. Paths are translated: /en/check/ is /fr/verifier/."""

from __future__ import annotations

from django.contrib.auth import views as auth_views
from django.urls import path
from django.utils.translation import gettext_lazy as _

from . import views
from .forms import SignInForm

app_name = "support"

urlpatterns = [
    path("", views.home, name="home"),
    path(
        _("sign-in/"),
        auth_views.LoginView.as_view(
            template_name="registration/login.html",
            authentication_form=SignInForm,
            redirect_authenticated_user=True,
        ),
        name="login",
    ),
    path(_("sign-out/"), auth_views.LogoutView.as_view(), name="logout"),
]
