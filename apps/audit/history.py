"""Who did it: every write of child data names the acting user in its history, and no edit
silently overwrites one saved after the user opened the record."""

from django.db.models import F


def save_as(instance, by):
    """Save ``instance`` with ``by`` as its history user.

    In a request simple-history would take the user from the request, but services are also
    run from Celery tasks and management commands, where only an explicit user is right.
    """
    instance._history_user = by
    instance.save()
    return instance


def delete_as(instance, by) -> None:
    """Delete ``instance`` with ``by`` as its history user (see ``save_as``)."""
    instance._history_user = by
    instance.delete()


def claim_revision(
    instance, expected: int | None, *, field: str = "revision", **still
) -> int | None:
    """Claim the revision of ``instance`` the user opened, before saving their edit of it.

    One conditional UPDATE, so of two people saving the same revision at the same moment
    exactly one succeeds, on every database; ``still`` adds conditions the row must still meet
    (a plan version still a draft). Returns None when claimed (``instance`` then carries the
    next revision); otherwise the revision someone else saved, for the refusal. A write that
    no person typed (``expected`` None) claims whatever revision there is, so that an edit
    opened before it is still told.
    """
    rows = type(instance)._default_manager
    claim = rows.filter(pk=instance.pk, **still)
    if expected is not None:
        claim = claim.filter(**{field: expected})
    if claim.update(**{field: F(field) + 1}):
        claimed = expected + 1 if expected is not None else None
        setattr(instance, field, claimed or rows.values_list(field, flat=True).get(pk=instance.pk))
        return None
    return rows.values_list(field, flat=True).get(pk=instance.pk)


class ConcurrentEdit(Exception):
    """Someone saved the record after the user opened it. Nothing of the user's edit was saved;
    ``current`` is the revision now, so a new save, made knowingly, can be based on it."""

    def __init__(self, message: str, current: int):
        self.current = current
        super().__init__(message)
