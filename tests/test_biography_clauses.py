"""Five bugs of biographies and closing bios (invented documents):

- "she served as Brazil's Ambassador to Canada from 2014 to 2019" gave no post (a possessor between
  the verb and the title);
- "The author is a former Ambassador of India to France …" gave the op-ed's author no post;
- "was Ambassador of India to France and served as Adviser from 2015 to 2018" dated both posts;
- "Secretary-General Ana Lima" made the city Lima the place of the event;
- a senior fellow (a post the text names no organisation of) took the holder's country.
"""

from __future__ import annotations

from conftest import map_text


def _posts(x):
    return [(p.holder.name, p.role, p.org.name if p.org else None, p.start, p.end) for p in x.posts]


def test_a_possessor_after_served_as(tmp_path):
    x = map_text(tmp_path, "bio", "Profile\n\nMaria Santos was appointed Permanent Representative of Brazil to the "
                 "United Nations in March 2019. Before that, she served as Brazil's Ambassador to Canada from 2014 to "
                 "2019.\n", "news-profile", publisher="Example Daily", date_published="2023-05-07")
    assert ("Maria Santos", "Ambassador to Canada", "Brazil", "2014", "2019") in _posts(x)


def test_the_author_of_a_closing_bio_and_the_dates_of_the_second_post(tmp_path):
    x = map_text(tmp_path, "oped", "Why trade matters\n\nTrade keeps the peace.\n\nThe author is a former Ambassador "
                 "of India to France and served as Deputy National Security Adviser from 2015 to 2018.\n", "opinion",
                 author="Ravi Menon", publisher="Example Daily", date_published="2023-05-07")
    assert _posts(x) == [("Ravi Menon", "Ambassador of India to France", "India", None, None),
                         ("Ravi Menon", "Deputy National Security Adviser", None, "2015", "2018")]


def test_a_place_inside_a_persons_name_is_no_place(tmp_path):
    x = map_text(tmp_path, "credentials", "Credentials\n\nAmbassador Chen Wei presented his credentials to "
                 "Secretary-General Ana Lima on 14 February 2023.\n", "news-profile", publisher="Example Daily",
                 date_published="2023-05-07")
    [meeting] = x.events
    assert meeting.location is None
    assert not [e for e in x.entities.values() if e.kind == "city"]


def test_a_fellowship_is_not_of_the_holders_country(tmp_path):
    """"… Chile's Ambassador to India (2017-2021) and is now a senior fellow": the fellowship is an
    institute's, not Chile's (a post with no organisation took the holder's country)."""
    x = map_text(tmp_path, "oped", "Trade and peace\n\nTrade keeps the peace, and India knows it.\n\nRavi Menon "
                 "served as Chile's Ambassador to India (2017-2021) and is now a senior fellow.\n", "opinion",
                 author="Ravi Menon", publisher="Example Daily", date_published="2024-05-07")
    assert _posts(x) == [("Ravi Menon", "Ambassador to India", "Chile", "2017", "2021"),
                         ("Ravi Menon", "senior fellow", None, None, None)]
