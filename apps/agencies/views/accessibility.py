from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.shortcuts import render


@login_not_required
def accessibility_statement(request):
    """The accessibility statement the law on accessible public digital services asks for
    (DIGG's model): open to anyone, signed in or not, since someone who cannot sign in must
    be able to read it and report the problem."""
    return render(
        request,
        "accessibility.html",
        {"contact_email": settings.ACCESSIBILITY_CONTACT_EMAIL},
    )
