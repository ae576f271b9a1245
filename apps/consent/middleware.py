from apps.consent import sharing


class EndLapsedSharesMiddleware:
    """Ends shares whose consent has passed its end date, before the view runs.

    Selectors of shared objects do the same before every read, so an expired consent never
    lets anything through; this runs outside the view's transaction (ATOMIC_REQUESTS), so the
    revocation is kept even when the view then answers 404 and its transaction rolls back.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.user.is_authenticated:
            sharing.end_lapsed_shares()
        return self.get_response(request)
