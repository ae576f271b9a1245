import factory
from django.contrib.auth import get_user_model

from apps.agencies import services
from apps.agencies.models import Agency, Membership, Municipality


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"person{n}@example.se")
    full_name = factory.Faker("name", locale="sv_SE")
    password = factory.django.Password("losenord-123")


class MunicipalityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Municipality
        django_get_or_create = ["code"]

    name = "Nyköping"
    code = "0480"


class AgencyFactory(factory.django.DjangoModelFactory):
    """Agencies are made through the service, so their role permissions are granted."""

    class Meta:
        model = Agency

    name = factory.Sequence(lambda n: f"Skola {n}")
    kind = Agency.Kind.SCHOOL
    municipality = factory.SubFactory(MunicipalityFactory)
    principal_kind = Agency.PrincipalKind.MUNICIPALITY
    principal_name = "Nyköpings kommun"

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        return services.create_agency(by=None, **kwargs)


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    user = factory.SubFactory(UserFactory)
    agency = factory.SubFactory(AgencyFactory)
    role = Membership.Role.REPORTER

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        return services.add_membership(by=None, **kwargs)


def member(agency, role=Membership.Role.REPORTER, **user_fields):
    """A person with a current membership of ``role`` in ``agency``."""
    return MembershipFactory(agency=agency, role=role, user=UserFactory(**user_fields)).user
