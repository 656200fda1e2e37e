"""System checks of the course foundation. Registered in CourseConfig.ready()."""

from django.conf import settings
from django.core.checks import Error, Tags, register

from config.site_url import site_url_problem


@register(Tags.security, deploy=True)
def check_site_url(app_configs, **kwargs):
    """`check --deploy`: every absolute link in mails and feeds is built on SITE_URL, so it must be public."""
    problem = site_url_problem(getattr(settings, "SITE_URL", ""))
    if problem:
        return [Error(problem, hint="See docs/deploy.md, SITE_URL.", id="accord.E001")]
    return []
