"""The datasets: valid against their Table Schemas (frictionless), rebuilt when the data
changes, dated by their last change, listed on the open-data page and in the catalogues."""

import csv
import io
import json

import pytest
from django.core.management import call_command

from members.models import Member
from opendata import datasets
from opendata.models import DatasetVersion

pytestmark = pytest.mark.django_db


def test_every_dataset_validates_against_its_table_schema(world, tmp_path):
    import frictionless

    call_command("build_opendata", output=str(tmp_path), stdout=io.StringIO())
    report = frictionless.validate(str(tmp_path / "datapackage.json"))
    assert report.valid, report.flatten(["rowNumber", "fieldName", "type", "note"])
    for dataset in datasets.DATASETS:
        rows = list(csv.DictReader((tmp_path / f"{dataset.name}.csv").open(encoding="utf-8")))
        assert rows, f"{dataset.name} is empty"
        assert json.loads((tmp_path / f"{dataset.name}.json").read_text(encoding="utf-8"))
        schema = json.loads((tmp_path / f"{dataset.name}.schema.json").read_text(encoding="utf-8"))
        assert all(field["description"] for field in schema["fields"])
    schema = frictionless.Schema.from_descriptor(json.loads((tmp_path / "catalogue.schema.json").read_text()))
    catalogue = frictionless.Resource(path="catalogue.csv", basepath=str(tmp_path), schema=schema).validate()
    assert catalogue.valid, catalogue.flatten(["rowNumber", "fieldName", "type", "note"])


def test_members_dataset_joins_national_codes(client, world):
    rows = list(csv.DictReader(io.StringIO(client.get("/donnees/membres.csv").content.decode("utf-8"))))
    angers = next(row for row in rows if row["name"] == "Angers")
    assert angers["insee_code"] == "49007"
    assert angers["commune_insee_code"] == "49007" and angers["epci_siren"] == "244900015"
    assert {row["name"] for row in rows} == {"Angers", "Les Amis de la Participation"}


def test_files_are_rebuilt_when_the_data_changes_and_dated_by_their_content(client, world):
    first = client.get("/donnees/membres.csv")
    version = DatasetVersion.objects.get(name="membres")
    assert first["Last-Modified"] and first["ETag"]
    # A change elsewhere (an event) moves the generation but not this dataset's content.
    world["workshop"].save_revision().publish()
    client.get("/donnees/membres.csv")
    assert DatasetVersion.objects.get(name="membres").modified_at == version.modified_at
    member = world["association"]
    member.name = "Les Amis renommés"
    member.save()
    second = client.get("/donnees/membres.csv")
    assert "Les Amis renommés" in second.content.decode()
    assert second["ETag"] != first["ETag"]
    assert DatasetVersion.objects.get(name="membres").modified_at > version.modified_at
    assert client.get("/donnees/membres.csv", HTTP_IF_NONE_MATCH=second["ETag"]).status_code == 304


def test_nightly_command_builds_every_dataset(world):
    out = io.StringIO()
    call_command("build_opendata", stdout=out)
    assert set(DatasetVersion.objects.values_list("name", flat=True)) == {d.name for d in datasets.DATASETS}
    assert "membres: 2 rows" in out.getvalue()


def test_dcat_catalogue_describes_each_dataset(client, world):
    catalogue = client.get("/donnees/catalogue.jsonld")
    assert catalogue["Content-Type"].startswith("application/ld+json")
    body = catalogue.json()
    assert body["@type"] == "dcat:Catalog"
    assert len(body["dcat:dataset"]) == len(datasets.DATASETS)
    for dataset in body["dcat:dataset"]:
        assert dataset["dct:license"]["@id"].endswith("etalab-2.0.html")
        assert dataset["dct:modified"]["@value"]
        assert {t["@language"] for t in dataset["dct:title"]} == {"fr", "en"}
        kinds = {d["dct:format"] for d in dataset["dcat:distribution"]}
        assert kinds == {"CSV", "JSON"}
        for distribution in dataset["dcat:distribution"]:
            path = distribution["dcat:downloadURL"]["@id"].split("testserver", 1)[1]
            assert client.get(path).status_code == 200
            schema = distribution["dct:conformsTo"]["@id"].split("testserver", 1)[1]
            assert client.get(schema).status_code == 200


def test_open_data_page_lists_each_dataset_with_licence_and_date(client, world):
    response = client.get("/donnees-ouvertes/")
    assert response.status_code == 200
    html = response.content.decode()
    for dataset in datasets.DATASETS:
        assert f"/donnees/{dataset.name}.csv" in html
        assert f"/donnees/{dataset.name}.schema.json" in html
    assert "Licence Ouverte" in html and "<time datetime=" in html
    assert "/donnees/catalogue.jsonld" in html and "/api/v1/docs/" in html
    english = client.get("/en/open-data/").content.decode()
    assert "Members of the citizenship network" in english
    assert "Membres du réseau de la citoyenneté" in html


def test_footer_links_to_the_open_data_page(client, world):
    assert 'href="/donnees-ouvertes/"' in client.get("/").content.decode()


def test_english_dataset_files(client, world):
    schema = client.get("/donnees/membres.schema.json?lang=en").json()
    assert schema["title"] == "Members of the citizenship network"
    french = client.get("/donnees/membres.schema.json").json()
    assert french["title"] == "Membres du réseau de la citoyenneté"
    rows = client.get("/donnees/actions.json?lang=en").json()
    assert any(row["title"] == "Write the charter" for row in rows)


@pytest.mark.parametrize(
    ("url", "status"),
    [
        ("/donnees/inconnu.csv", 404),
        ("/donnees/membres.csv?lang=de", 400),
        ("/donnees/membres.csv?x=%00", 400),
        ("/donnees/catalogue.jsonld?page=2", 400),
    ],
)
def test_bad_file_requests_are_problems(client, world, url, status):
    response = client.get(url)
    assert response.status_code == status
    assert response["Content-Type"].startswith("application/problem+json")


def test_api_documentation_page(client, world):
    html = client.get("/api/v1/docs/").content.decode()
    for operation in ("members_list", "actions_retrieve", "events_list"):
        assert f'id="op-{operation}"' in html
    assert "Documentation de l’API" in html or "Documentation de l&#x27;API" in html or "API" in html
    assert client.get("/api/v1/docs/?lang=en").status_code == 200


def test_pending_member_never_in_datasets(client, world):
    Member.objects.filter(pk=world["association"].pk).update(status=Member.Status.WITHDRAWN)
    datasets.build_all()
    text = client.get("/donnees/membres.csv").content.decode()
    assert "Les Amis de la Participation" not in text


def _rows(client, name, query=""):
    return list(csv.DictReader(io.StringIO(client.get(f"/donnees/{name}.csv{query}").content.decode("utf-8"))))


def test_network_datasets_hold_the_public_records_only(client, world):
    practices = _rows(client, "pratiques")
    assert [row["title"] for row in practices] == ["Des réunions qui donnent envie"]
    assert practices[0]["commune_insee_code"] == "49007" and practices[0]["epci_siren"] == "244900015"
    assert practices[0]["competency_ids"] == str(world["competency"].pk)
    assert [row["name"] for row in _rows(client, "personnes")] == ["Léa Praticienne"]
    competencies = {row["slug"]: row for row in _rows(client, "competences")}
    assert competencies["animer-reunion"]["practice_count"] == "1"
    assert competencies["animer-reunion"]["people_count"] == "1"
    english = {row["id"]: row for row in _rows(client, "competences", "?lang=en")}
    assert english[str(world["competency"].pk)]["name"] == "Running a meeting"
    calls = _rows(client, "appels")
    assert [(row["state"], row["idea_count"], row["commune_insee_code"]) for row in calls] == [
        ("results", "2", "49007")
    ]
    ideas = {row["title"]: row for row in _rows(client, "idees")}
    assert set(ideas) == {"Un repas partagé", "Une fresque"}
    assert ideas["Un repas partagé"]["member_id"] == "" and ideas["Un repas partagé"]["support_count"] == "2"
    assert ideas["Une fresque"]["selection"] == "selected"


def test_catalogues_and_the_page_list_every_dataset(client, world):
    catalogue = client.get("/donnees/catalogue.jsonld").json()
    names = {entry["dct:identifier"] for entry in catalogue["dcat:dataset"]}
    assert {"competences", "pratiques", "personnes", "appels", "idees"} <= names == set(datasets.BY_NAME)
    page = client.get("/en/open-data/").content.decode()
    for name in ("competences", "pratiques", "personnes", "appels", "idees"):
        assert f'href="/donnees/{name}.schema.json"' in page
