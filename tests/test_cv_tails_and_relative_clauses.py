"""Invented profiles: CV lines with the post first and the period last ("Ambassador to Austria,
September 2015 – July 2019", "…, since August 2019") are posts with months (before, nothing);
the words of a CV line after the title's comma are where it was held, not the title; "X was named
ambassador to C on Tuesday" starts on that Tuesday and the title stops before the day (before,
"ambassador to C on Tuesday", former); "He replaces Y, who has been ambassador … since 2020" is Y's
post, not the subject's (before, the subject got an ambassador's post since 2020)."""

from __future__ import annotations

from conftest import map_text

CV = """Curriculum vitae: Ambassador Lotte Brandsma

Ambassador of the Netherlands to Kenya, March 2016 – August 2020
Head of the Africa Department, Ministry of Foreign Affairs, 2012 – 2016
Deputy Head of Mission, Embassy of the Netherlands in Pretoria (2008-2012)
Permanent Representative of the Netherlands to the OSCE, since September 2020
"""


def test_cv_lines_with_the_period_last(tmp_path):
    x = map_text(tmp_path, "cv", CV, "news-profile", date_published="2022-01-10")
    posts = {(p.role, p.start, p.end) for p in x.posts if p.holder.name == "Lotte Brandsma"}
    assert ("Ambassador of the Netherlands to Kenya", "2016-03", "2020-08") in posts
    assert ("Head of the Africa Department", "2012", "2016") in posts
    assert ("Deputy Head of Mission", "2008", "2012") in posts
    assert ("Permanent Representative of the Netherlands to the OSCE", "2020-09", None) in posts


def test_named_ambassador_on_a_weekday(tmp_path):
    # 2025-06-12 is a Thursday: "on Monday" is 9 June.
    text = ("Veteran diplomat named envoy\n\n"
            "Ines Carvalho was named ambassador to France on Monday, the foreign ministry said. "
            "Carvalho, 55, previously served as Portugal's ambassador to Mexico.\n")
    x = map_text(tmp_path, "named", text, "news-profile", date_published="2025-06-12")
    posts = {(p.role, p.start, p.former) for p in x.posts if p.holder.name == "Ines Carvalho"}
    assert ("ambassador to France", "2025-06-09", False) in posts


def test_a_relative_clause_names_another_persons_post(tmp_path):
    text = ("New envoy to Berlin\n\n"
            "Tomas Novak, 61, has been appointed ambassador to Germany. He replaces Jana Horakova, who has been "
            "ambassador in Berlin since 2019.\n")
    x = map_text(tmp_path, "replaces", text, "news-profile", date_published="2024-09-02")
    novak = [(p.role, p.start) for p in x.posts if p.holder.name == "Tomas Novak"]
    assert not any(start == "2019" for _, start in novak), novak
    assert any(p.holder.name == "Jana Horakova" and p.start == "2019" for p in x.posts)
