from django.apps import AppConfig


class CourseConfig(AppConfig):
    name = "course"
    verbose_name = "Course editions"

    def ready(self):
        from django.contrib import admin

        from course import checks  # noqa: F401  - registers the system checks (leaf)
        from course.admin_login import ThrottledAdminLoginForm

        # The admin's login shares the site login's throttle and lockout (course/admin_login.py).
        admin.site.login_form = ThrottledAdminLoginForm
