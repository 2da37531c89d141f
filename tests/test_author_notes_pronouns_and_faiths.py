"""Three bugs found reading an interview (invented documents):

- a sidecar author "X (edited by Y)" became a person named with the note, beside X;
- "I chose Tomas to be my deputy. As Deputy Head of Mission, he runs …" gave the writer ("I")
  the post "he" holds: "he" after the writer's "I" is someone else;
- "members of the Sikh Faith": a title followed by the name of a body made a person of the body.
"""

from __future__ import annotations

import pytest
from conftest import map_text

TEAM = ("Building a team abroad\n\nWhen I arrived in Geneva I needed people I could trust. "
        "I chose Tomas to be my Deputy Head of Mission because I trust his judgement. "
        "As Deputy Head of Mission, he runs the embassy's daily work and speaks for it when I travel.\n\n"
        "Ana Ferreira is the Ambassador of Portugal to Switzerland.\n")


def _persons(x):
    return sorted(e.name for e in x.entities.values() if e.kind == "person")


def test_a_note_after_the_sidecar_author_is_not_part_of_the_name(tmp_path):
    x = map_text(tmp_path, "team", TEAM, "opinion", author="Ana Ferreira (edited by Rui Costa)",
                 publisher="Example Daily")
    assert x.author.name == "Ana Ferreira"
    assert _persons(x) == ["Ana Ferreira"]


def test_he_after_the_writers_i_is_not_the_writer(tmp_path):
    x = map_text(tmp_path, "team", TEAM, "opinion", author="Ana Ferreira", publisher="Example Daily")
    assert [(p.holder.name, p.role) for p in x.posts] == [("Ana Ferreira", "Ambassador of Portugal to Switzerland")]


@pytest.mark.parametrize("sentence", [
    "The government closed a college run by members of the Sikh Faith, as part of its campaign.",
    "The ministry met members of the Anglican Communion in March.",
])
def test_a_body_named_after_a_title_is_not_a_person(tmp_path, sentence):
    x = map_text(tmp_path, "c", f"Closures\n\n{sentence}\n\nSecretary-General Ana Lima condemned it.\n",
                 "news-profile", publisher="Example Daily")
    assert _persons(x) == ["Ana Lima"]
    assert [(p.holder.name, p.role) for p in x.posts] == [("Ana Lima", "Secretary-General")]
