"""The project's URLs plus the operations page, until cppcc/urls.py includes cppcc.urls_ops."""

from django.urls import include, path

from cppcc.urls import urlpatterns as project_urlpatterns

urlpatterns = [*project_urlpatterns]
if not any(getattr(p, "namespace", None) == "ops" for p in urlpatterns):
    urlpatterns.append(path("ops/", include("cppcc.urls_ops")))
