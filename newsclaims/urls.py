from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    path("admin/", admin.site.urls),
    path("api/", include("claims.api.urls")),
    path("", include("claims.urls")),
]

# Error pages that say what went wrong and what to do (500 is the static 500.html).
handler400 = "claims.middleware.bad_request"
handler403 = "claims.middleware.permission_denied"
handler404 = "claims.middleware.page_not_found"
