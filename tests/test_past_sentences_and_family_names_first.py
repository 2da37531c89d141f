"""Invented readouts and UN news: a title in a sentence about the past is not attested on the
document's date, but it is not a former post either ("The meeting was chaired by the High
Representative, X"; before, dip:former, which says the post has ended); "X was the ROLE" still is;
"Mr. Tan" after "Tan Wei" is that person (a name written family name first), so "he served as …"
after it is Tan's; "announced the appointment of X of C as his Special Envoy" is X's post, not the
announcer's."""

from __future__ import annotations

from conftest import map_text


def test_a_title_in_a_past_sentence_is_not_former(tmp_path):
    text = ("Cooperation Council\n\nThe 12th meeting of the Cooperation Council took place in Brussels on 3 April "
            "2025. The meeting was chaired by the High Representative of the Union, Elena Marquez. The Minister of "
            "Foreign Affairs, Jonas Aalto, was present.\n\nMs. Marquez was previously the Foreign Minister of Spain.\n")
    x = map_text(tmp_path, "cc", text, "joint-statement", date_published="2025-04-04")
    posts = {(p.holder.name, p.role): p for p in x.posts}
    assert posts[("Elena Marquez", "High Representative of the Union")].former is False
    assert posts[("Jonas Aalto", "Minister of Foreign Affairs")].former is False
    assert posts[("Elena Marquez", "Foreign Minister")].former is True


def test_family_name_first(tmp_path):
    text = ("New envoy appointed\n\n"
            "Secretary-General Maria Lund today announced the appointment of Tan Wei of Singapore as her Special "
            "Envoy for Myanmar. Mr. Tan brings more than 30 years of experience in diplomacy. Most recently, he "
            "served as Ambassador of Singapore to India (2019-2023).\n")
    x = map_text(tmp_path, "envoy", text, "news-profile", date_published="2025-03-09")
    posts = {(p.holder.name, p.role) for p in x.posts}
    assert ("Tan Wei", "Special Envoy for Myanmar") in posts
    assert ("Tan Wei", "Ambassador of Singapore to India") in posts
    assert not any(h == "Maria Lund" and r != "Secretary-General" for h, r in posts), posts
