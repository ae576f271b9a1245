from apps.handovers import services
from apps.handovers.models import Part

MESSAGE = "Alva börjar förskoleklass i augusti. Hon behöver en lugn start och en vuxen att gå till."
EVERY_PART = tuple(Part.values)


def form_data(to_agency, parts=EVERY_PART, **overrides) -> dict:
    """What the handover form posts."""
    return {"to_agency": to_agency.pk, "message": MESSAGE, "parts": list(parts), **overrides}


def hand_over(case, by, to_agency, parts=EVERY_PART, message=MESSAGE):
    """A handover sent through the service: the case needs a consent naming ``to_agency``."""
    return services.send_handover(case, by=by, to_agency=to_agency, message=message, parts=parts)
