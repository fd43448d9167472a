"""What an editor sees when signing in is paused after too many wrong passwords (django-axes)."""

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
