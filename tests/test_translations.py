"""The English catalogue is complete: every Swedish source string has a translation."""

import shutil
from pathlib import Path

import polib
import pytest
from django.conf import settings
from django.core.management import call_command

CATALOGUE = Path(settings.BASE_DIR) / "config" / "locale" / "en" / "LC_MESSAGES" / "django.po"


def test_every_entry_is_translated_and_none_is_fuzzy():
    catalogue = polib.pofile(str(CATALOGUE))
    assert [e.msgid for e in catalogue.untranslated_entries()] == []
    assert [e.msgid for e in catalogue.fuzzy_entries()] == []


@pytest.mark.skipif(not shutil.which("xgettext"), reason="needs GNU gettext (make messages)")
def test_catalogue_holds_every_string_of_the_source(settings, tmp_path, monkeypatch):
    """Extracts the strings afresh into a scratch catalogue and compares the msgids."""
    monkeypatch.chdir(settings.BASE_DIR)
    settings.LOCALE_PATHS = [tmp_path]
    # Ignoring config/locale keeps makemessages from taking it as the catalogue of the files
    # under config/ and rewriting the committed one with only their strings.
    call_command(
        "makemessages",
        locale=["en"],
        ignore_patterns=[".venv", "tests", "config/locale"],
        verbosity=0,
    )
    fresh = polib.pofile(str(tmp_path / "en" / "LC_MESSAGES" / "django.po"))
    committed = polib.pofile(str(CATALOGUE))
    # An obsolete entry (#~) is not compiled: a string whose only entry is obsolete shows
    # in Swedish on the English pages.
    missing = {e.msgid for e in fresh} - {e.msgid for e in committed if not e.obsolete}
    assert missing == set(), "run `make messages` and translate the new strings"
