"""How the API's lists page: ?page=2&page_size=100; 50 a page unless asked, never more than 100."""

from rest_framework import pagination


class Pages(pagination.PageNumberPagination):
    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = 100
