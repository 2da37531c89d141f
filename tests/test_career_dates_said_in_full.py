"""A career line's start said with its month ("since March 2021") keeps the month, and a range in
parentheses after where the post was held ("… at the Ministry of Foreign Affairs (2019-2021)") is
that post's (invented texts; before, both posts had no dates)."""

from __future__ import annotations

from conftest import map_text

TEXT = ("Ambassador Chika Eze: a profile\n\n"
        "Chika Eze has been Ghana's Permanent Representative to the United Nations in Geneva since March 2021. "
        "She joined the Foreign Service in 1996. "
        "From 2014 to 2018 she was Ghana's Ambassador to Senegal. "
        "Prior to her current assignment, Ms. Eze served as Director of Legal Affairs at the Ministry of Foreign "
        "Affairs (2018-2021).\n")


def _posts(tmp_path):
    x = map_text(tmp_path, "eze", TEXT, "news-profile", date_published="2023-05-01", publisher="Example News")
    return {p.role: (p.start, p.end) for p in x.posts if p.holder.name == "Chika Eze"}


def test_since_a_month_gives_the_month(tmp_path):
    assert _posts(tmp_path)["Permanent Representative"] == ("2021-03", None)


def test_a_range_in_parentheses_after_the_place_of_the_post(tmp_path):
    posts = _posts(tmp_path)
    assert posts["Director of Legal Affairs"] == ("2018", "2021")
    assert posts["Ambassador to Senegal"] == ("2014", "2018")


def test_since_a_day_gives_the_date():
    from diplograph.extract.career import _dates

    assert _dates("", " since 3 March 2021.") == ("2021-03-03", None)
    assert _dates("", " since 31 June 2021.") == ("2021-06", None)  # no such day: the month is still said
    assert _dates("", " since 2005.") == ("2005", None)
