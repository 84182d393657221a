"""Plain (non-page) URLs of the members app, mounted inside i18n_patterns."""

app_name = "members"
urlpatterns = []
