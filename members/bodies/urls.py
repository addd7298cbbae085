from django.urls import path

from . import views

app_name = "bodies"

urlpatterns = [
    path("", views.body_index, name="index"),
    path("figures/", views.figure_rows, name="figure_rows"),
    path("picker/", views.picker, name="picker"),
    path("picker/chips/", views.picker_chips, name="picker_chips"),
    path("picker/proposals/", views.proposal_picker, name="proposal_picker"),
    path("picker/proposals/chip/", views.proposal_chip, name="proposal_chip"),
    path("visits/", views.visit_list, name="visit_list"),
    path("visits/new/", views.visit_create, name="visit_create"),
    path("visits/villages/", views.contact_village_add, name="contact_village_add"),
    path("visits/<int:pk>/", views.visit_detail, name="visit_detail"),
    path("visits/items/<int:pk>/", views.item_decide, name="item_decide"),
    path("visits/photos/<int:pk>/", views.photo_download, name="photo_download"),
    # last: a body is addressed by its type (special / work / sector) and id
    path("<slug:body_type>/<int:pk>/", views.body_detail, name="body_detail"),
    path("<slug:body_type>/<int:pk>/rows/", views.body_rows, name="body_rows"),
]
