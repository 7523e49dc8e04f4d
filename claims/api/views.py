"""Read-only API views: list and detail, filters, cursor pages."""

import django_filters
from django.db.models import Count, Prefetch, Q
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import permissions, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import NotFound
from rest_framework.pagination import CursorPagination
from rest_framework.renderers import JSONRenderer
from rest_framework.response import Response

from claims import models, publishing
from claims.api import serializers


class JsonLdRenderer(JSONRenderer):
    """W3C Web Annotations: JSON-LD with the annotation profile."""

    media_type = "application/ld+json"
    format = "jsonld"

    def render(self, data, accepted_media_type=None, renderer_context=None):
        response = (renderer_context or {}).get("response")
        if response is not None and response.status_code < 400:
            response["Content-Type"] = publishing.ANNOTATION_CONTENT_TYPE
        return super().render(data, accepted_media_type, renderer_context)


class CanView(permissions.DjangoModelPermissions):
    """Signed in (or holding a token) and allowed to view the records."""

    perms_map = {
        **permissions.DjangoModelPermissions.perms_map,
        "GET": ["%(app_label)s.view_%(model_name)s"],
        "HEAD": ["%(app_label)s.view_%(model_name)s"],
        "OPTIONS": ["%(app_label)s.view_%(model_name)s"],
    }


class NewestFirst(CursorPagination):
    """Cursor pages: stable while rows are added, the same cost at any depth."""

    ordering = "-id"
    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = 200

    def decode_cursor(self, request):
        # A cursor we did not make (a stale bookmark, a typo) gives the first
        # page, as the app's own lists do, rather than an error.
        try:
            return super().decode_cursor(request)
        except NotFound:
            return None


class ReadOnly(viewsets.ReadOnlyModelViewSet):
    permission_classes = [permissions.IsAuthenticated, CanView]
    pagination_class = NewestFirst

    def check_permissions(self, request):
        # A write here is refused as what it is (405), not as a missing add or
        # delete permission (403): the API changes nothing for anyone.
        if request.method not in self.allowed_methods:
            self.http_method_not_allowed(request)
        super().check_permissions(request)


class IdFilter(django_filters.NumberFilter):
    """An id to filter by: one that cannot exist (a fraction, zero, or beyond
    what the database can hold) matches nothing, like any id that matches no
    row, rather than being an error."""

    def filter(self, queryset, value):
        if value is None:
            return queryset
        if value != value.to_integral_value() or not 1 <= value <= 2**63 - 1:
            return queryset.none()
        return super().filter(queryset, int(value))


class Filters(django_filters.FilterSet):
    """Filters that read a NUL in the query as nothing: no stored value holds
    one, and the app's own search boxes drop it the same way."""

    def __init__(self, data=None, *args, **kwargs):
        if data is not None:
            data = data.copy()
            for key in list(data.keys()):
                data.setlist(key, [value.replace("\x00", "") for value in data.getlist(key)])
        super().__init__(data, *args, **kwargs)


class ArticleFilter(Filters):
    outlet = IdFilter(field_name="outlet")
    q = django_filters.CharFilter(method="search", label="Words in the title or address")
    published_after = django_filters.DateFilter(field_name="published_on", lookup_expr="gte")
    published_before = django_filters.DateFilter(field_name="published_on", lookup_expr="lte")

    class Meta:
        model = models.Article
        fields = ["language"]

    def search(self, queryset, name, value):
        return queryset.filter(Q(title__icontains=value) | Q(url__icontains=value))


class ArticleViewSet(ReadOnly):
    queryset = models.Article.objects.select_related("outlet")
    filterset_class = ArticleFilter

    def get_queryset(self):
        # Counting claims is for one article; for a list it would mean a
        # GROUP BY over the archive before the first page could come back.
        if self.action == "retrieve":
            return super().get_queryset().annotate(claim_count=Count("claims"))
        return super().get_queryset()

    def get_serializer_class(self):
        if self.action == "retrieve":
            return serializers.ArticleDetailSerializer
        return serializers.ArticleSerializer

    @extend_schema(
        summary="The article's claims and notes as a W3C AnnotationCollection",
        parameters=[OpenApiParameter("page", int, description="One page of the collection.")],
        responses={200: OpenApiTypes.OBJECT},
    )
    @action(detail=True, url_path="annotations", renderer_classes=[JsonLdRenderer, JSONRenderer])
    def annotations(self, request, pk=None, format=None):  # format: the .json/.jsonld suffix
        article = self.get_object()
        page = request.query_params.get("page")
        if page is not None and not (page.isdigit() and len(page) < 9):
            raise NotFound("No such page.")
        try:
            document = publishing.article_annotations(request, article, int(page) if page else None)
        except ValueError as error:
            raise NotFound("No such page.") from error
        return Response(document)


class ClaimFilter(Filters):
    source = IdFilter(field_name="attributions__source", distinct=True)
    outlet = IdFilter(field_name="article__outlet")
    article = IdFilter(field_name="article")
    question = IdFilter(field_name="question")
    q = django_filters.CharFilter(method="search", label="Words in the statement or quote")

    class Meta:
        model = models.Claim
        fields = ["status", "kind"]

    def search(self, queryset, name, value):
        return queryset.filter(Q(statement__icontains=value) | Q(quote__icontains=value))


class ClaimViewSet(ReadOnly):
    queryset = models.Claim.objects.select_related(
        "article", "question", "quantity", "verdict__rating"
    ).prefetch_related(
        Prefetch(
            "attributions",
            queryset=models.Attribution.objects.select_related("source").prefetch_related(
                Prefetch("chain", queryset=models.Conduit.objects.select_related("source"))
            ),
        ),
        "verdict__evidence",
    )
    serializer_class = serializers.ClaimSerializer
    filterset_class = ClaimFilter

    @extend_schema(
        summary="The claim as a W3C Web Annotation",
        responses={200: OpenApiTypes.OBJECT},
    )
    @action(detail=True, url_path="annotation", renderer_classes=[JsonLdRenderer, JSONRenderer])
    def annotation(self, request, pk=None, format=None):
        claim = publishing.claims_for_annotation().filter(pk=self.get_object().pk).get()
        return Response(publishing.claim_annotation_of(request, claim))


class SourceFilter(Filters):
    q = django_filters.CharFilter(method="search", label="Words in the name or an alias")

    class Meta:
        model = models.Source
        fields = ["kind", "assessment"]

    def search(self, queryset, name, value):
        aliases = models.SourceAlias.objects.filter(name__icontains=value).values("source_id")
        return queryset.filter(Q(name__icontains=value) | Q(pk__in=aliases))


class SourceViewSet(ReadOnly):
    queryset = models.Source.objects.select_related("affiliation").prefetch_related("aliases")
    serializer_class = serializers.SourceSerializer
    filterset_class = SourceFilter


class QuestionFilter(Filters):
    class Meta:
        model = models.Question
        fields = ["unit"]


class QuestionViewSet(ReadOnly):
    queryset = models.Question.objects.all()
    filterset_class = QuestionFilter

    def get_serializer_class(self):
        if self.action == "retrieve":
            return serializers.QuestionDetailSerializer
        return serializers.QuestionSerializer

    def get_queryset(self):
        if self.action == "retrieve":
            return super().get_queryset().annotate(claim_count=Count("claims"))
        return super().get_queryset()
