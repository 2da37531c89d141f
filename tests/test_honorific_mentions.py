"""Regressions:
- "Ms Kowalska" after "Anna Kowalska" was a second person, with "Ms" in the name: the honorific
  pattern was anchored with "^" and used with match(text, pos), so it never matched past the
  text's first character.
- "He is meeting the Prime Minister": the title after a verb of meeting someone was taken as the
  subject's post.
Invented documents."""

from __future__ import annotations

from tests.conftest import map_text


def _map(tmp_path, body, genre="news-profile"):
    return map_text(tmp_path, "620_h", f"New ambassadors\n\n{body}\n", genre, date_published="2024-05-04")


def test_an_honorific_and_surname_is_the_person_named_in_full(tmp_path):
    x = _map(tmp_path, "The new ambassadors are:\n\nAnna Kowalska, Slovak Republic. Ms Kowalska's previous "
                       "post was as counsellor at the embassy in Vienna.")
    persons = [e.name for e in x.entities.values() if e.kind == "person"]
    assert persons == ["Anna Kowalska"]
    assert ("Anna Kowalska", "counsellor") in {(p.holder.name, p.role) for p in x.posts}


def test_a_title_after_a_verb_of_meeting_is_the_other_persons(tmp_path):
    x = _map(tmp_path, "The Minister of Foreign Affairs of Chile, Tomás Larraín, arrived in Lisbon on 3 May 2024. "
                       "He is meeting the Prime Minister and the President of the Assembly.", genre="joint-statement")
    roles = {p.role.lower() for p in x.posts if p.holder.name == "Tomás Larraín"}
    assert "prime minister" not in roles and not any("president" in r for r in roles)


def test_an_adverb_between_copula_and_title_keeps_the_post(tmp_path):
    """"X was previously counsellor at …", "X is currently ambassador …": the adverb does not hide the post."""
    for adverb in ("previously", "formerly", "most recently"):
        x = _map(tmp_path, f"The new ambassadors are:\n\nAnna Kowalska, Slovak Republic. Anna Kowalska was {adverb} "
                           "counsellor at the embassy in Vienna.")
        post = next((p for p in x.posts if p.role == "counsellor"), None)
        assert post is not None and post.holder.name == "Anna Kowalska" and post.former, adverb
