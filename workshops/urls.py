"""Plain (non-page) URLs of the workshops app, mounted inside i18n_patterns."""

app_name = "workshops"
urlpatterns = []
