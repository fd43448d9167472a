"""How the API's lists page: ?page=2&page_size=100; 50 a page unless asked, never more than 100."""

from rest_framework import pagination
from rest_framework.response import Response


class Pages(pagination.PageNumberPagination):
    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = 100


def paged(page: Pages, body: dict) -> Response:
    """`body` with where it stands among the pages (count, next, previous) beside it: for an
    answer that says more than its list (a records question, a car's laps)."""
    return Response(
        {**body, "count": page.page.paginator.count, "next": page.get_next_link(), "previous": page.get_previous_link()}
    )
