"""Rebuild every open-data dataset now (run nightly by cron; the files are also rebuilt
whenever the data changes), recording each dataset's update date; with --output, also
write the files, their Table Schemas, the Data Package and the catalogues to a directory
(to publish them elsewhere, or to validate them with frictionless)."""

import json
from pathlib import Path

from django.core.management.base import BaseCommand

from opendata import datasets, queries


class Command(BaseCommand):
    help = "Rebuild the open-data datasets (and write them to --output)."

    def add_arguments(self, parser):
        parser.add_argument("--output", help="A directory to write every file to.")

    def handle(self, *args, output=None, **options):
        files = datasets.build_all()
        versions = datasets.versions()
        if output:
            directory = Path(output)
            directory.mkdir(parents=True, exist_ok=True)
            for dataset in datasets.DATASETS:
                built = files[dataset.name]
                (directory / f"{dataset.name}.csv").write_bytes(built["csv"])
                (directory / f"{dataset.name}.json").write_bytes(built["json"])
                self._json(directory / f"{dataset.name}.schema.json", dataset.schema(queries.DEFAULT_LANGUAGE))
            self._json(directory / "datapackage.json", datasets.datapackage(versions, local=True))
            self._json(directory / "catalogue.jsonld", datasets.dcat_catalogue(versions))
            self._json(directory / "catalogue.schema.json", datasets.scdl_catalogue_schema())
            (directory / "catalogue.csv").write_bytes(datasets.scdl_catalogue_csv(versions))
        for dataset in datasets.DATASETS:
            version = versions[dataset.name]
            self.stdout.write(f"{dataset.name}: {version.rows} rows, updated {version.modified_at:%Y-%m-%d %H:%M}")

    def _json(self, path, data):
        path.write_text(json.dumps(data, ensure_ascii=False, indent=1), encoding="utf-8")
