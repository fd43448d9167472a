"""The Content-Security-Policy every response carries, pages, kept pages and static files alike.

The site runs no script of its own and loads nothing from elsewhere; the admin's scripts
are files of this site. So the policy allows this site alone: an editor's Markdown, a
driver's name or a timing file that smuggled in a script or an image from elsewhere would
find the browser refusing it, even if it got past the sanitiser. Styles may be inline
because a class's badge takes its colour from the archive (style="--badge: #d62828").
"""

from django.conf import settings


def content_security_policy() -> str:
    """The policy, images allowed from the hosts reports may show them from (REPORT_IMAGE_HOSTS)."""
    images = " ".join(["'self'", "data:", *(f"https://{host}" for host in settings.REPORT_IMAGE_HOSTS)])
    return "; ".join(
        (
            "default-src 'self'",
            "script-src 'self'",
            "style-src 'self' 'unsafe-inline'",
            f"img-src {images}",
            "font-src 'self'",
            "connect-src 'self'",
            "object-src 'none'",
            "base-uri 'self'",
            "form-action 'self'",
            "frame-ancestors 'none'",
        )
    )


class ContentSecurityPolicyMiddleware:
    """Placed before whitenoise and the page cache, so their responses carry it too."""

    def __init__(self, get_response):
        self.get_response = get_response
        self.policy = content_security_policy()

    def __call__(self, request):
        response = self.get_response(request)
        response.setdefault("Content-Security-Policy", self.policy)
        return response
