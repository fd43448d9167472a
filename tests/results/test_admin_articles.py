"""Editors write reports in Markdown and publish them."""

import datetime

import pytest
from django.urls import reverse

from results.models import Article
from tests.factories import ArticleFactory, EventFactory
from tests.results.test_admin_support import form_data, log_in_editor

pytestmark = pytest.mark.django_db

REPORT = "## Porsche wins\n\nThe **#7** led the last *hour*.<script>alert(1)</script>"


def test_an_editor_publishes_a_markdown_report_and_sees_it_as_fans_will(client):
    event = EventFactory(name="Rolex 24 At Daytona")
    log_in_editor(client)
    url = reverse("admin:results_article_add")
    data = form_data(client.get(url), "article_form")
    data.update(event=event.pk, title="Nasr wins the Rolex 24", body=REPORT, status="published")
    response = client.post(url, data)
    assert response.status_code == 302
    article = Article.objects.get()
    assert article.slug == "nasr-wins-the-rolex-24"
    assert article.published_at is not None  # publishing without a time means now
    assert article in Article.objects.published()

    page = client.get(reverse("admin:results_article_change", args=[article.pk])).content.decode()
    assert "<h2>Porsche wins</h2>" in page
    assert "<strong>#7</strong>" in page
    assert "<script>alert(1)</script>" not in page.replace("&lt;script&gt;", "")


def test_the_publish_action_publishes_drafts_now_and_keeps_a_time_already_set(client):
    planned = datetime.datetime(2024, 1, 29, 9, tzinfo=datetime.UTC)
    draft = ArticleFactory(status="draft", published_at=None)
    scheduled = ArticleFactory(status="draft", published_at=planned)
    log_in_editor(client)
    response = client.post(
        reverse("admin:results_article_changelist"),
        {"action": "publish", "_selected_action": [draft.pk, scheduled.pk]},
    )
    assert response.status_code == 302
    draft.refresh_from_db()
    scheduled.refresh_from_db()
    assert (draft.status, scheduled.status) == ("published", "published")
    assert draft.published_at is not None
    assert scheduled.published_at == planned
