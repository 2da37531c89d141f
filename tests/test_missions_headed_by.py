""""The Permanent Mission of X to the Y is headed by Ambassador Z": Z's post is in that mission
(invented profiles; before, "Ambassador" was a post of no organisation). And an interview's short
answers between "Question:" lines are quotations too."""

from __future__ import annotations

from conftest import map_text


def _org_of(tmp_path, stem, text):
    x = map_text(tmp_path, stem, text, "news-profile", date_published="2024-09-23", publisher="Example")
    return {p.holder.name: p.org.name if p.org else None for p in x.posts}


def test_a_mission_in_the_tables(tmp_path):
    text = ("Mission profile: Bhutan at the UN\n\n"
            "The Permanent Mission of Bhutan to the United Nations is headed by Ambassador Karma Wangdi, "
            "who took up his post in 2022.\n")
    assert _org_of(tmp_path, "bhutan", text)["Karma Wangdi"] == "Permanent Mission of Bhutan to the United Nations"


def test_a_mission_to_another_body(tmp_path):
    text = ("Mission profile: Chile in Geneva\n\n"
            "The Permanent Mission of Chile to the World Trade Organization is led by Ambassador Rosa Ibarra.\n")
    assert _org_of(tmp_path, "chile", text)["Rosa Ibarra"] == "Permanent Mission of Chile to the World Trade Organization"


def test_short_answers_between_questions(tmp_path):
    text = ("Interview with the Foreign Minister\n\n"
            "Foreign Minister Irina Koleva of Bulgaria spoke to our correspondent.\n\n"
            "Question: What do you expect?\n"
            "Koleva: Concrete steps on energy.\n"
            "Question: And on enlargement?\n"
            "Koleva: Enlargement is a geostrategic investment for all of us.\n")
    x = map_text(tmp_path, "koleva", text, "opinion", date_published="2024-09-23", publisher="Example")
    said = [(q.speaker.name, q.text) for q in x.quotations]
    assert ("Irina Koleva", "Concrete steps on energy.") in said
    assert len(said) == 2
