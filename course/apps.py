from django.apps import AppConfig


class CourseConfig(AppConfig):
    name = "course"
    verbose_name = "Course editions"

    def ready(self):
        """Register the system checks and give the admin's login the site login's throttle and lockout."""
        from django.contrib import admin  # noqa: PLC0415 (app registry)

        from course import checks  # noqa: F401, PLC0415 (app registry)
        from course.admin_login import ThrottledAdminLoginForm  # noqa: PLC0415 (app registry)

        admin.site.login_form = ThrottledAdminLoginForm
