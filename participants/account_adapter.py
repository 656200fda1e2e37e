from allauth.account.adapter import DefaultAccountAdapter

from course.mail import queue_rendered_mail


class AccordAccountAdapter(DefaultAccountAdapter):
    """Account emails go through Celery after commit like every other mail (see course.mail)."""

    def send_mail(self, template_prefix, email, context):
        msg = self.render_mail(template_prefix, email, context)
        queue_rendered_mail(msg)
