from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from indicators import views as indicator_views
from measures import views as measure_views
from measures.auth_forms import LoginForm
from reporting import views as reporting_views

urlpatterns = [
    path("", reporting_views.home, name="home"),
    path("logga-in/", auth_views.LoginView.as_view(authentication_form=LoginForm), name="login"),
    path("logga-ut/", auth_views.LogoutView.as_view(), name="logout"),
    path("enhet/<slug:code>/", reporting_views.organisation_detail, name="organisation"),
    path("enhet/<slug:code>/indikatorer/", indicator_views.scorecard, name="scorecard"),
    path("region/<slug:code>/beslut/", measure_views.decision_list, name="decisions"),
    path("plan/<slug:code>/", measure_views.plan_detail, name="plan"),
    path("atgard/<int:pk>/", measure_views.measure_detail, name="measure"),
    path("indikator/<slug:code>/", indicator_views.indicator_detail, name="indicator"),
    path("", include("reporting.urls")),
    path("", include("measures.urls")),
    path("", include("reporting.urls_monthly")),
    path("", include("reporting.urls_import")),
    path("admin/", admin.site.urls),
]
