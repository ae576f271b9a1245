"""Who did it: every write of child data names the acting user in its history."""


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
