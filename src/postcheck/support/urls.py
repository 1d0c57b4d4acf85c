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
    path(_("check/"), views.check, name="check"),
    path("check/", views.check_alias),
    path(_("consultation/"), views.consult, name="consult"),
    path(_("consultation/receipt/"), views.receipt, name="receipt"),
    path(_("consultation/mine/"), views.my_consultations, name="my_consultations"),
    path(_("consultation/mine/<int:pk>/"), views.my_consultation, name="my_consultation"),
    path(_("inbox/"), views.inbox, name="inbox"),
    path(_("inbox/<int:pk>/"), views.inbox_detail, name="inbox_detail"),
    path(_("learn/"), views.learn, name="learn"),
    path(_("guidance/"), views.guidance, name="guidance"),
    path(_("guidance/feedback/"), views.feedback, name="feedback"),
    path(_("figures/"), views.figures, name="figures"),
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
