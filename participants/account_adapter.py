from allauth.account.adapter import DefaultAccountAdapter


class AccordAccountAdapter(DefaultAccountAdapter):
    """Account emails go through Celery after commit like every other mail (see participants.mail)."""

    def send_mail(self, template_prefix, email, context):
        from participants.mail import queue_rendered_mail

        msg = self.render_mail(template_prefix, email, context)
        queue_rendered_mail(msg)
