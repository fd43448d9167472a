"""Signing in, throttled by django-axes: whose address a sign-in comes from, and what an
editor sees when signing in is paused after too many wrong passwords."""

from django.conf import settings
from django.contrib import admin
from django.shortcuts import render


def locked_out(request, original_response=None, credentials=None):
    """The admin's own page (its header, its links), saying why and for how long: 429."""
    context = {
        **admin.site.each_context(request),
        "title": "Signing in is paused",
        "failure_limit": settings.AXES_FAILURE_LIMIT,
        "minutes": round(settings.AXES_COOLOFF_TIME.total_seconds() / 60),
    }
    return render(request, "registration/locked_out.html", context, status=429)


def client_address(request) -> str:
    """The address a sign-in comes from, the one throttled (AXES_CLIENT_IP_CALLABLE).

    Without a proxy in front it is the connection's. Behind DJANGO_PROXY_COUNT proxies, each
    of which appends the address it was reached from to X-Forwarded-For (nginx's
    $proxy_add_x_forwarded_for), it is the one the outermost proxy wrote, counted from the
    right: whatever a client writes in the header itself comes before it, and is ignored.
    """
    count = settings.PROXY_COUNT
    forwarded = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
    forwarded = [part for part in forwarded if part]
    if count and len(forwarded) >= count:
        return forwarded[-count]
    return request.META.get("REMOTE_ADDR", "")
