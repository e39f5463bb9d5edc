"""The vocabulary: one loader, classes that exclude each other, and the stages reading their words from it."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from geoevents.core.errors import InputError
from geoevents.core.vocabulary import VOCABULARY_DIR, load_vocabulary, vocabulary
from geoevents.extract import actors, eventtypes, figures


def _copy(tmp_path: Path) -> Path:
    folder = tmp_path / "vocabulary"
    shutil.copytree(VOCABULARY_DIR, folder)
    return folder


def _append(path: Path, line: str) -> int:
    text = path.read_text("utf-8")
    path.write_text(text + line + "\n", "utf-8")
    return text.count("\n") + 1  # the line number of the appended row


def test_vocabulary_every_class_has_words():
    vocab = load_vocabulary()
    assert vocab.entries
    for cls in vocab.entries:
        assert vocab.words(cls), cls


def test_vocabulary_refuses_a_word_in_two_exclusive_classes(tmp_path):
    folder = _copy(tmp_path)
    line = _append(folder / "units.csv", "prisoner,unit_person,prisoner")
    with pytest.raises(InputError, match=rf"units\.csv, line {line}: 'prisoner' is listed in 'unit_captured' and "
                                         r"'unit_person', which exclude each other \(first at .*units\.csv, line \d+\)"):
        load_vocabulary(folder)


def test_vocabulary_refuses_a_clash_across_files(tmp_path):
    folder = _copy(tmp_path)
    (folder / "zz_extra.csv").write_text("word,class,value\nsoldiers,civilian,\n", "utf-8")
    with pytest.raises(InputError, match=r"zz_extra\.csv, line 2: 'soldiers' is listed in 'combatant' and 'civilian'"):
        load_vocabulary(folder)


def test_vocabulary_allows_a_word_in_classes_that_do_not_exclude(tmp_path):
    folder = _copy(tmp_path)
    _append(folder / "parties.csv", "rebels,nonstate_group,")  # also a combatant: nonstate_group has no group
    assert "rebels" in load_vocabulary(folder).words("nonstate_group")


@pytest.mark.parametrize("row, message", [
    ("soldier,unit_troops,soldier", r"'soldier' is listed twice"),
    ("zorg,no_such_class,", r"class 'no_such_class' is not declared"),
    (",month,1", r"empty word"),
    ("zorg,month", r"2 fields, expected 3"),
])
def test_vocabulary_refuses_bad_rows_with_file_and_line(tmp_path, row, message):
    folder = _copy(tmp_path)
    line = _append(folder / "units.csv", row)
    with pytest.raises(InputError, match=rf"units\.csv, line {line}: .*{message}"):
        load_vocabulary(folder)


def test_vocabulary_refuses_an_empty_class(tmp_path):
    folder = _copy(tmp_path)
    _append(folder / "classes.csv", "unused,,a class with no words")
    with pytest.raises(InputError, match=r"classes\.csv: class 'unused' has no words"):
        load_vocabulary(folder)


def test_vocabulary_unknown_class_is_refused():
    with pytest.raises(InputError, match="vocabulary class 'nope'"):
        vocabulary().words("nope")


def test_vocabulary_modules_build_their_tables_from_it():
    vocab = vocabulary()
    assert figures._SMALL == {w: int(v) for w, v in vocab.values("number_small").items()}
    assert figures._MONTHS == vocab.words("month") | vocab.words("month_abbreviation")
    assert figures._UNITS["prisoners"] == ("prisoner", "captured", True)
    assert figures._UNITS["refugees"] == ("refugee", "displaced", True)
    assert {w for w, (_, kind, _) in figures._UNITS.items() if kind == "troops"} == vocab.words("unit_troops")
    assert figures._WEAPON_NAMES == vocab.words("weapon_name")
    assert eventtypes._CIVILIANS == vocab.words("civilian")
    assert eventtypes._COMBATANTS == vocab.words("combatant")
    assert actors.DEMONYMS == vocab.values("demonym")
    assert actors.COUNTRY_NAMES["US"] == "the United States"
    assert actors._ROLE_NOUNS["armed forces"] == ("military", "state forces")


def test_vocabulary_nonstate_groups_agree_with_actors_csv():
    # a one-word group name that actors.csv knows must be a rebel group or a militia there
    kinds = {e.name.lower(): e.kind for e in actors.load_actors() if " " not in e.name}
    for word in vocabulary().words("nonstate_group"):
        assert kinds.get(word, "rebel group") in ("rebel group", "militia"), word


def test_vocabulary_a_word_added_to_the_data_changes_the_reading(tmp_path):
    folder = _copy(tmp_path)
    _append(folder / "units.csv", "zorgs,unit_troops,zorg")
    script = (
        "import geoevents.core.vocabulary as v, sys\n"
        f"v.VOCABULARY_DIR = v.Path({str(folder)!r})\n"
        "from geoevents.extract.figures import find_figures\n"
        "f = find_figures('About 300 zorgs were sent.')[0]\n"
        "print(f.unit, f.kind)\n"
    )
    out = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True).stdout
    assert out.split() == ["zorg", "troops"]
    bundled = figures.find_figures("About 300 zorgs were sent.")
    assert all(f.kind != "troops" for f in bundled)  # the bundled vocabulary does not know the word
