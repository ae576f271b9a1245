"""The meetings' part of the case chronology (see apps.cases.chronology)."""

from collections.abc import Iterable

from django.utils import timezone
from django.utils.translation import gettext as _

from apps.cases.chronology import Event


def meeting_events(meetings, appointments) -> Iterable[Event]:
    """Each meeting called and each set of minutes written, then each coordinator appointed."""
    for meeting in meetings:
        url = meeting.get_absolute_url()
        when = timezone.localtime(meeting.starts_at).strftime("%Y-%m-%d")
        yield Event(
            meeting.called_at,
            _("Samverkansmöte kallat till %(date)s") % {"date": when},
            meeting.called_by,
            url=url,
            kind="meeting",
        )
        if meeting.minutes_written_at:
            yield Event(
                meeting.minutes_written_at,
                _("Protokoll från samverkansmötet %(date)s") % {"date": when},
                meeting.minutes_written_by,
                url=url,
                kind="minutes",
            )
    for appointment in appointments:
        yield Event(
            appointment.appointed_at,
            _("Samordningsperson utsedd: %(name)s")
            % {"name": appointment.coordinator.user.full_name},
            appointment.appointed_by,
            detail=appointment.special_reason,
            url=appointment.meeting.get_absolute_url(),
            kind="coordinator",
        )
