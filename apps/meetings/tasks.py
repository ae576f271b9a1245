from celery import shared_task
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import send_mass_mail
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from apps.meetings.models import Meeting


@shared_task
def send_invitations(meeting_id: int, user_ids: list[int]) -> int:
    """E-mail each invited person when and where the meeting is, and where to read more.

    Nothing about the child goes into the e-mail: not the name, not the invitation text, not
    the summary. Those are read after logging in, where the access policy decides.
    """
    meeting = Meeting.objects.get(pk=meeting_id)
    starts_at = timezone.localtime(meeting.starts_at)
    lines = [
        _("Du är inbjuden till ett samverkansmöte i Tillsammans."),
        "",
        _("Datum: %(date)s") % {"date": starts_at.strftime("%Y-%m-%d")},
        _("Tid: %(time)s") % {"time": starts_at.strftime("%H:%M")},
        _("Plats: %(place)s") % {"place": meeting.place},
    ]
    if meeting.video_link:
        lines.append(_("Länk till videomötet: %(link)s") % {"link": meeting.video_link})
    lines += [
        "",
        _("Logga in i Tillsammans för att läsa inbjudan: %(url)s")
        % {"url": settings.SITE_URL + meeting.get_absolute_url()},
        _("Alla dina möten finns här: %(url)s")
        % {"url": settings.SITE_URL + reverse("meetings:my_meetings")},
    ]
    subject = _("Inbjudan till samverkansmöte %(date)s") % {"date": starts_at.strftime("%Y-%m-%d")}
    body = "\n".join(lines) + "\n"
    recipients = (
        get_user_model()
        .objects.filter(pk__in=user_ids, is_active=True)
        .exclude(email="")
        .values_list("email", flat=True)
    )
    messages = [(subject, body, None, [email]) for email in recipients]
    return send_mass_mail(messages) if messages else 0
