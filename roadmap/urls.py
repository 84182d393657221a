"""Plain (non-page) URLs of the roadmap app, mounted inside i18n_patterns."""

app_name = "roadmap"
urlpatterns = []
