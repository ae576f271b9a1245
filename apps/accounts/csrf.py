"""The answer to a form whose CSRF check failed (an old page, a session that ended).

Django's own answer renders its template without the request, so the page would lose the
header and the language of the person; this renders ours with it, as a 403.
"""

from django.shortcuts import render


def csrf_failure(request, reason=""):
    return render(request, "403_csrf.html", status=403)
