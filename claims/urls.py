from django.urls import path

from claims import views

urlpatterns = [
    path("", views.home, name="home"),
]
