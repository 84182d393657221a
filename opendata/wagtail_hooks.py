from wagtail import hooks


@hooks.register("register_public_models")
def public_models():
    """The open data page lists each dataset's published versions (home/page_cache.py)."""
    return ["opendata.DatasetVersion"]
