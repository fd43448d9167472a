"""Editors write previews and race reports in Markdown."""

from django import forms
from django.contrib import admin
from django.db.models.functions import Coalesce, Now
from django.utils import timezone

from drivers.admin import OptionalSlugMixin
from drivers.admin_history import HistoryAdmin
from drivers.admin_saves import GivesUpWaiting
from results.display.markdown import markdown
from results.models import Article, Event
from results.stats import invalidation

MARKDOWN_HELP = (
    "Markdown: a blank line starts a paragraph; **bold**, *italic*, [a link](https://…), "
    "## a heading, - a list item, | a | table |. HTML is cleaned before it is shown."
)


class ArticleForm(forms.ModelForm):
    class Meta:
        model = Article
        fields = ["event", "kind", "title", "slug", "author", "status", "published_at", "body"]
        widgets = {"body": forms.Textarea(attrs={"rows": 24, "cols": 100, "style": "font-family: monospace"})}
        help_texts = {
            "body": MARKDOWN_HELP,
            "published_at": "Left empty, publishing sets it to now. A time in the future holds the article back.",
        }

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("status") == Article.Status.PUBLISHED and cleaned.get("published_at") is None:
            cleaned["published_at"] = timezone.now()
        return cleaned


@admin.register(Article)
class ArticleAdmin(GivesUpWaiting, OptionalSlugMixin, HistoryAdmin):
    form = ArticleForm
    list_display = ["title", "event", "kind", "status", "published_at", "author"]
    list_filter = ["status", "kind", "event__season__series"]
    list_select_related = ["event"]
    search_fields = ["title", "author", "event__name"]
    autocomplete_fields = ["event"]
    fieldsets = [
        (None, {"fields": ["event", "kind", "title", "slug", "author"]}),
        ("Publication", {"fields": ["status", "published_at"]}),
        ("Text", {"fields": ["body", "preview"]}),
    ]
    readonly_fields = ["preview"]
    actions = ["publish"]

    @admin.display(description="as fans read it (when saved)")
    def preview(self, article):
        return markdown(article.body) if article.body else "Save to see the report as the event page shows it."

    @admin.action(description="Publish the selected articles", permissions=["change"])
    def publish(self, request, queryset):
        count = queryset.exclude(status=Article.Status.PUBLISHED).update(
            status=Article.Status.PUBLISHED, published_at=Coalesce("published_at", Now())
        )
        invalidation.touched_events(Event.objects.filter(articles__in=queryset))  # an update sends no signals
        self.message_user(request, f"{count} article(s) published.")
