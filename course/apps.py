from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CourseConfig(AppConfig):
    name = "course"
    verbose_name = _("Course editions")

    def ready(self):
        """Register the system checks and give the admin's login the site login's throttle and lockout."""
        from django.contrib import admin  # noqa: PLC0415 (app registry)

        from course import checks  # noqa: F401, PLC0415 (app registry)
        from course.admin_login import ThrottledAdminLoginForm  # noqa: PLC0415 (app registry)

        admin.site.login_form = ThrottledAdminLoginForm

        from django.contrib.auth.signals import user_logged_in  # noqa: PLC0415 (app registry)

        from course.signals import restore_language_at_login  # noqa: PLC0415 (app registry)

        user_logged_in.connect(restore_language_at_login, dispatch_uid="course.restore_language_at_login")
