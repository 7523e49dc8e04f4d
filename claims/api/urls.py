from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView
from rest_framework.permissions import AllowAny
from rest_framework.routers import DefaultRouter

from claims.api import views

router = DefaultRouter()
router.register("articles", views.ArticleViewSet, basename="api-article")
router.register("claims", views.ClaimViewSet, basename="api-claim")
router.register("sources", views.SourceViewSet, basename="api-source")
router.register("questions", views.QuestionViewSet, basename="api-question")

urlpatterns = [
    # The description of the API is public; the API itself is not.
    path("schema/", SpectacularAPIView.as_view(permission_classes=[AllowAny]), name="api-schema"),
    path("", include(router.urls)),
]
