"""The admin's login goes through the site login's throttle and lockout (allauth's "login_failed" limits).

Django's admin authenticates on its own, so without this 30 wrong passwords in a row were never slowed down, and
an account locked at /accounts/login/ could still sign in at /admin/login/. This form asks allauth's adapter,
which counts failures per address typed and per IP in the same cache keys as the site's login, refuses once a
limit is reached (even with the right password), and rolls its count back on success. Installed on the admin
site in CourseConfig.ready().
"""

from allauth.account.adapter import get_adapter
from django import forms
from django.contrib.admin.forms import AdminAuthenticationForm
from django.utils.translation import gettext_lazy as _


class ThrottledAdminLoginForm(AdminAuthenticationForm):
    username = forms.CharField(label=_("Email"), max_length=254, widget=forms.TextInput(attrs={"autofocus": True}))

    def clean(self):
        login = (self.cleaned_data.get("username") or "").strip()
        password = self.cleaned_data.get("password")
        if login and password:
            credentials = {"email": login} if "@" in login else {"username": login}
            # Raises a ValidationError ("Too many failed login attempts") when a limit is reached.
            self.user_cache = get_adapter(self.request).authenticate(self.request, password=password, **credentials)
            if self.user_cache is None:
                raise self.get_invalid_login_error()
            self.confirm_login_allowed(self.user_cache)
        return self.cleaned_data
