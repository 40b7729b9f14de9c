"""E-mail goes out through the background worker, rendered from templates (text and optional HTML)."""

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template import Context
from django.template.exceptions import TemplateDoesNotExist
from django.template.loader import get_template, render_to_string


def render_text(template_name, context):
    """A plain-text template rendered without HTML escaping: autoescape is for HTML, and in a text mail
    an apostrophe must stay an apostrophe (not ``&#x27;``)."""
    template = get_template(template_name).template  # the Django engine's own Template
    return template.render(Context(context, autoescape=False))


def render_mail(template_base, context):
    context = {"SITE_URL": settings.SITE_URL, **context}
    subject = render_text(f"{template_base}_subject.txt", context).strip().replace("\n", " ")
    body = render_text(f"{template_base}.txt", context)
    try:
        html = render_to_string(f"{template_base}.html", context)
    except TemplateDoesNotExist:
        html = None
    return subject, body, html


def send_templated_mail(to, template_base, context):
    """Render now (the caller's data), send in the worker (retried there on SMTP failure)."""
    from .tasks import deliver_mail

    recipients = [to] if isinstance(to, str) else list(to)
    subject, body, html = render_mail(template_base, context)
    deliver_mail(recipients, subject, body, html)


def deliver_now(recipients, subject, body, html=None):
    message = EmailMultiAlternatives(subject, body, settings.DEFAULT_FROM_EMAIL, recipients)
    if html:
        message.attach_alternative(html, "text/html")
    message.send()
