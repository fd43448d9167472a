"""Editors' texts about events: previews and race reports, written in Markdown."""

from django.db import models
from django.db.models import Q
from django.utils import timezone

from drivers.history import ArchiveHistory
from drivers.models import SluggedModel
from results.models.calendar import Event


class ArticleQuerySet(models.QuerySet):
    def published(self):
        return self.filter(status=Article.Status.PUBLISHED, published_at__lte=timezone.now())


# At module level so that Article.Meta's check constraints can read its values.
class ArticleStatus(models.TextChoices):
    DRAFT = "draft", "Draft"
    PUBLISHED = "published", "Published"


class Article(SluggedModel):
    slug_in_path = False  # its slug names an anchor on its event's page (SluggedModel)

    class Kind(models.TextChoices):
        PREVIEW = "preview", "Preview"
        QUALIFYING_REPORT = "qualifying_report", "Qualifying report"
        RACE_REPORT = "race_report", "Race report"
        FEATURE = "feature", "Feature"

    Status = ArticleStatus

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="articles")
    kind = models.CharField(max_length=20, choices=Kind.choices, default=Kind.RACE_REPORT)
    title = models.CharField(max_length=200)
    slug = models.SlugField(max_length=200, unique=True)
    author = models.CharField(max_length=100, blank=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.DRAFT)
    published_at = models.DateTimeField(null=True, blank=True)
    body = models.TextField(help_text="Markdown. HTML is cleaned before it is shown.")

    objects = ArticleQuerySet.as_manager()
    history = ArchiveHistory()

    class Meta:
        ordering = ["-published_at", "title"]
        constraints = [
            models.CheckConstraint(
                condition=Q(status=ArticleStatus.DRAFT) | Q(published_at__isnull=False),
                name="article_published_has_time",
                violation_error_message="A published article needs its publication time.",
            ),
            models.CheckConstraint(condition=Q(status__in=ArticleStatus.values), name="article_status_valid"),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return self.event.get_absolute_url() + f"#article-{self.slug}"

    def slug_text(self) -> str:
        return self.title
