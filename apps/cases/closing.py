"""What must follow when a case is closed, in the apps above cases (a booked SIP follow-up is
cancelled in the calendars of those invited). Those apps register, in their
AppConfig.ready(), a function of the case; ``change_status`` calls ``closed`` in the
transaction that closes it. Cases never imports those apps."""

from collections.abc import Callable

_followers: list[Callable] = []  # (case, *, by) -> None


def register(follower: Callable) -> Callable:
    if follower not in _followers:
        _followers.append(follower)
    return follower


def closed(case, *, by) -> None:
    for follower in _followers:
        follower(case, by=by)
