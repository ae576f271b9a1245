"""How the signed-in person is loaded on every request."""

from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend

from apps.accounts import second_factor
from apps.agencies import policy


class PersonBackend(ModelBackend):
    """Django's own backend, loading the person together with whether they are an
    administrator and whether they sit in a steering group (every page's header asks) and
    with their authenticator app (apps.accounts.middleware.OTPMiddleware asks): a query of
    its own for each on every request is what the person's load can answer in passing."""

    def get_user(self, user_id):
        people = get_user_model()._default_manager.annotate(
            holds_administer=policy.holds_administer(),
            holds_steering_seat=policy.holds_steering_seat(),
            authenticator_id=second_factor.authenticator_id(),
        )
        try:
            user = people.get(pk=user_id)
        except people.model.DoesNotExist:
            return None
        return user if self.user_can_authenticate(user) else None
