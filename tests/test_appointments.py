"""An appointment starts a post: "X was appointed ambassador in March 2021" is a post from 2021-03,
not a former post without a date ("appointed" read as a past tense). Invented documents."""

from __future__ import annotations

from tests.conftest import map_text


def _posts(tmp_path, body):
    x = map_text(tmp_path, "630_a", f"Profile\n\n{body}\n", "news-profile", date_published="2024-05-04")
    return {(p.holder.name, p.role.lower()): p for p in x.posts}


def test_an_appointment_with_its_month_starts_the_post(tmp_path):
    posts = _posts(tmp_path, "Liu Wei was appointed ambassador in March 2021. Prior to that, he served as "
                             "Director-General for Asian Affairs at the Ministry of Foreign Affairs of China (2010–2014).")
    post = posts[("Liu Wei", "ambassador")]
    assert post.start == "2021-03" and not post.former


def test_an_election_with_its_day_starts_the_post(tmp_path):
    posts = _posts(tmp_path, "Maria Ortega was elected President of the General Assembly on 6 June 2023.")
    post = posts[("Maria Ortega", "president of the general assembly")]  # the date is not part of the title
    assert post.start == "2023-06-06" and not post.former


def test_a_hyphenated_vice_title_is_read_whole(tmp_path):
    """Regression: the modifier "vice" matched without its space and ate "Vice" of "Vice-President"."""
    posts = _posts(tmp_path, "Maria Ortega was elected Vice-President of the General Assembly on 6 June 2023.")
    assert posts[("Maria Ortega", "vice-president of the general assembly")].start == "2023-06-06"


def test_a_country_in_brackets_between_name_and_title(tmp_path):
    """UN documents write "Name (Country), Title": the bracket does not end the apposition."""
    posts = _posts(tmp_path, "Dr. Amal Haddad (Jordan), Vice-Chair of the Committee, opened the meeting on 3 May 2024.")
    assert ("Amal Haddad", "vice-chair of the committee") in posts
