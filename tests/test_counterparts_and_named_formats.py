"""Two readings of a travel announcement (invented): "talks with her Polish counterpart, Foreign
Minister X" makes X Poland's Foreign Minister (before: a Foreign Minister of nowhere); and "the
Weimar Triangle meeting", which the model calls a person, is not one."""

from __future__ import annotations

from conftest import map_text

TEXT = ("Joint press release\n\nPRAGUE, 2 May 2024\n\n"
        "Foreign Minister Jana Dvorak will travel to Budapest on 6 May 2024 for talks with her Hungarian "
        "counterpart, Foreign Minister Gabor Kiss. "
        "The two ministers will discuss energy security. "
        "On 7 May, Minister Dvorak will attend the Weimar Triangle meeting in Warsaw.\n")


def _x(tmp_path):
    return map_text(tmp_path, "travel", TEXT, "joint-statement", date_published="2024-05-02", publisher="Example")


def test_a_counterparts_title_takes_the_country_of_the_demonym(tmp_path):
    posts = {(p.holder.name, p.role): p.org.name if p.org else None for p in _x(tmp_path).posts}
    assert posts[("Gabor Kiss", "Foreign Minister")] == "Hungary"


def test_capitalised_words_between_the_and_a_noun_are_not_a_person(tmp_path):
    persons = {e.name for e in _x(tmp_path).entities.values() if e.kind == "person"}
    assert persons == {"Jana Dvorak", "Gabor Kiss"}
