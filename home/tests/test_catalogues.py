"""`manage.py catalogues --check` compares the entries of each catalogue with a fresh
makemessages run (in CI, `make check-catalogue`); here, how it reads a catalogue."""

from home.management.commands.catalogues import entries

CATALOGUE = """# A comment
msgid ""
msgstr ""
"Content-Type: text/plain; charset=UTF-8\\n"

#: templates/a.html:1
msgid "Send"
msgstr "Envoyer"

msgctxt "verb"
msgid "Close"
msgstr "Fermer"

msgid ""
"A long message that makemessages wraps "
"on two lines, with \\"quotes\\"."
msgstr ""
"Un long message…"

msgid "%(counter)s result"
msgid_plural "%(counter)s results"
msgstr[0] "%(counter)s résultat"
msgstr[1] "%(counter)s résultats"

#~ msgid "Obsolete"
#~ msgstr "Obsolète"
"""


def test_entries_are_read_with_their_context_whole_and_without_the_header(tmp_path):
    path = tmp_path / "django.po"
    path.write_text(CATALOGUE, encoding="utf-8")
    assert entries(path) == {
        (None, "Send"),
        ("verb", "Close"),
        (None, 'A long message that makemessages wraps on two lines, with "quotes".'),
        (None, "%(counter)s result"),
    }
