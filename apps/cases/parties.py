"""Who the child's parties are: the child (their age) and the guardians with custody.

What depends on them lives above cases: a consent holds only while every guardian with
custody, and the child when old enough, has agreed. Those apps register, in their
AppConfig.ready(), what must happen when the parties change; the services that change a child
or a guardian call ``changed`` in the same transaction. Cases never imports those apps."""

from collections.abc import Callable

_followers: list[Callable] = []  # (child, *, by) -> None


def register(follower: Callable) -> Callable:
    if follower not in _followers:
        _followers.append(follower)
    return follower


def changed(child, *, by) -> None:
    for follower in _followers:
        follower(child, by=by)
