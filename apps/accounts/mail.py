"""E-mail to several people, each a message of their own (no one sees the others' addresses)."""

from django.core.mail import send_mass_mail


def send_each(subject: str, body: str, recipients) -> int:
    """One message to each distinct, non-empty address of ``recipients``; how many were sent."""
    messages = [(subject, body, None, [email]) for email in sorted(set(recipients)) if email]
    return send_mass_mail(messages) if messages else 0
