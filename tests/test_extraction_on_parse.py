"""Extraction on the statistical parse, on short documents written for these tests (invented
people, real countries): titles before names, appositions, careers with their dates, CV lines,
letters pages, dated happenings, quotations, and the cross-document surname rule."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from diplograph.build import map_document
from diplograph.extract.context import Tables
from diplograph.project import Project
from diplograph.seeds import SeedPair, read_document
from tests.conftest import REPO


@pytest.fixture(scope="module")
def env():
    project = Project(REPO)
    return project, Tables.load(project.data_dir)


@pytest.fixture
def mapped(tmp_path, env):
    project, tables = env

    def run(text: str, genre: str = "joint-statement", date: str | None = "2024-05-02", title: str | None = "A title",
            author: str | None = None):
        path = tmp_path / "200_test.txt"
        path.write_text(text, encoding="utf-8")
        side = tmp_path / "200_test.meta.yaml"
        side.write_text(yaml.safe_dump({"genre": genre, "title": title, "date_published": date, "author": author,
                                        "language": "en", "source_url": None, "publisher": None}), encoding="utf-8")
        x, _ = map_document(read_document(SeedPair(path, side)), tables, project)
        return x
    return run


def posts(x) -> dict[str, set[tuple]]:
    out: dict[str, set[tuple]] = {}
    for p in x.posts:
        out.setdefault(p.holder.name, set()).add((p.role, p.org.name if p.org else None, p.start, p.end))
    return out


def roles(x, name: str) -> set[str]:
    return {r for r, *_ in posts(x).get(name, set())}


def test_titles_before_names_in_a_delegation_list(mapped):
    x = mapped("On 3 April 2024, Chilean Minister of Foreign Affairs Rosa Quintana met with Canadian Deputy Minister "
               "for International Trade Policy Mark Oduya, alongside their delegations.\n\n"
               "The Chilean delegation also included Director General for Economic, Financial and Trade Policy in the "
               "Ministry of Finance Pablo Arrieta; Principal Adviser Lena Moraga, Minister of Mining and Chilean "
               "G20 Sherpa Tomas Vidal, and Trade Council Senior Directors Ana Prado and Ines Solar.")
    assert "Minister of Foreign Affairs" in roles(x, "Rosa Quintana")
    assert any(r.startswith("Deputy Minister for International Trade Policy") for r in roles(x, "Mark Oduya"))
    assert any(r.startswith("Director General for Economic, Financial and Trade Policy") for r in roles(x, "Pablo Arrieta"))
    assert roles(x, "Lena Moraga") == {"Principal Adviser"}  # not the next person's "Minister of Mining"
    assert {"Minister of Mining"} <= roles(x, "Tomas Vidal")
    assert any("Director" in r for r in roles(x, "Ines Solar"))  # a plural title shared by "A and B"


def test_a_national_security_council_is_not_the_un_security_council(mapped):
    x = mapped("The meeting was attended by National Security Council Director Kwame Mensah Boateng and the Foreign "
               "Minister of Ghana, Ama Owusu.")
    orgs = {p.org.name for p in x.posts if p.org is not None}
    assert not any("United Nations" in o or o == "Security Council" for o in orgs)
    assert "Security Council" not in {e.name for e in x.entities.values()}


def test_apposition_after_a_name_and_a_counterpart(mapped):
    x = mapped("Foreign Minister Lars Brekke, who was appointed in March, met his Danish counterpart Mette Holm in "
               "Oslo on 12 March 2024. Minister Brekke was accompanied by Sara Lind, State Secretary for Trade.")
    assert "Foreign Minister" in roles(x, "Lars Brekke")
    assert "Foreign Minister" in roles(x, "Mette Holm")
    assert any(r.startswith("State Secretary") for r in roles(x, "Sara Lind"))


def test_career_sentences_carry_their_dates(mapped):
    x = mapped("BIO/1234\n\nNew Permanent Representative of Peru Presents Credentials\n\n"
               "The new Permanent Representative of Peru to the United Nations, Elena Vargas Prado, presented her "
               "credentials to the Secretary-General today.\n\n"
               "Prior to her latest appointment and since 2019, Ms. Vargas Prado was the Director General for "
               "Multilateral Affairs. She served as Ambassador to Chile from 2014 to 2019.\n\n"
               "Between 2002 and 2014, Ms. Vargas Prado served in various capacities, including Deputy Director for "
               "Human Rights from 2009 to 2014; Head of the Policy Unit from 2005 to 2009, serving as Deputy Head "
               "since 2004. From 1998 to 2002, she was Counsellor at the embassy in Madrid.",
               genre="news-profile")
    got = {(r, s, e) for r, _, s, e in posts(x)["Elena Vargas Prado"]}
    assert ("Ambassador to Chile", "2014", "2019") in got
    assert any(r.startswith("Deputy Director for Human Rights") and (s, e) == ("2009", "2014") for r, s, e in got)
    assert any(r.startswith("Head of the Policy Unit") and (s, e) == ("2005", "2009") for r, s, e in got)
    assert any(r == "Deputy Head" and s == "2004" for r, s, e in got)
    assert any(r.startswith("Counsellor") and (s, e) == ("1998", "2002") for r, s, e in got)
    assert any("Director General" in r and s == "2019" for r, s, e in got)


def test_cv_lines_under_a_profile(mapped):
    x = mapped("The new envoy\n\nThe Emir has appointed Mr Tomas Reyes as ambassador. Reyes joined the service in 1990.\n\n"
               "The CV\n2015-19 – Head, Pacific Dept\n2011-15 – Lima, Counsellor\n2009-11 – Cabinet Office\n"
               "2007 – Quito\n", genre="news-profile")
    got = {(r, s, e) for r, _, s, e in posts(x)["Tomas Reyes"]}
    assert ("Head, Pacific Dept", "2015", "2019") in got
    assert ("Lima, Counsellor", "2011", "2015") in got
    assert ("Cabinet Office", "2009", "2011") in got
    assert not any(r == "Quito" for r, _, _ in got)  # a posting with no post named


def test_letters_page_signatures_in_run_together_capitals(mapped):
    x = mapped("Letters\n\nYour article on trade (“A fair deal”, May 2nd) missed the point about shipping costs and "
               "the way they fall on the smallest exporters.\n\n"
               "MARIA OLSENFormer Danish ambassador to Kenya, 2009-13Aarhus\n\n"
               "I enjoyed your piece about ports very much, and I have sent it to all of my old colleagues.\n\n"
               "TOM BAKER-HALLCopenhagen\n", genre="opinion", date="2024-05-09")
    names = {e.name for e in x.entities.values() if e.kind == "person"}
    assert {"Maria Olsen", "Tom Baker-Hall"} <= names
    assert any(r.lower().endswith("ambassador to kenya") and (s, e) == ("2009", "2013")
               for r, _, s, e in posts(x)["Maria Olsen"])
    assert any(ev.kind == "publication" and ev.date == "2024-05-02" for ev in x.events)


def test_dated_happenings(mapped):
    x = mapped("Joint Statement\n\n2 May 2024\n\nThe Prime Minister of Fiji, Sitiveni Rabuka, met the President of "
               "Palau, Surangel Whipps, in Suva.\n\n"
               "Since the Pacific Islands Trade Agreement was signed in 2001, trade has grown. The two leaders "
               "welcomed the referendum to be held in June and recalled the Emissions Gap Report 2022.\n\n"
               "Rabuka was born in 1948.")
    dates = {(ev.kind, ev.date) for ev in x.events}
    assert ("signing", "2001") in dates
    assert ("election", "2024-06") in dates
    assert ("meeting", "2024-05-02") in dates  # the meeting a dated readout reports
    assert not any(ev.date in ("2022", "1948") for ev in x.events)  # a report's name and a birth


def test_quotations_referred_to_by_a_title_and_after_a_colon(mapped):
    x = mapped("SEOUL, May 1 -- Portugal's new ambassador voiced hope on Wednesday.\n\n"
               "Amb. Rui Costa took office this month as the first resident ambassador to Seoul.\n\n"
               "\"I would like to organize an exchange of visits by both presidents,\" the envoy said in an "
               "interview. \"We share similar values and attitudes about working hard,\" he said.\n\n"
               "He likes a quote from Fernando Pessoa: “To be great, be whole; exclude nothing of yours.”",
               genre="news-profile")
    got = {(q.speaker.name, q.text[:20]) for q in x.quotations}
    assert ("Rui Costa", "I would like to orga") in got
    assert ("Rui Costa", "We share similar val") in got
    assert ("Fernando Pessoa", "To be great, be whol") in got
    assert any(p.start == "2024-05" for p in x.posts if p.holder.name == "Rui Costa")


def test_a_document_without_a_headline_publishes(tmp_path, env):
    from diplograph.build import build

    seeds = tmp_path / "seeds"
    seeds.mkdir()
    (seeds / "300_untitled.txt").write_text("Foreign Minister Ana Lopes paid a visit to Finland on 8 July 2021 to hold "
                                            "official talks with Foreign Minister Jari Virtanen.\n", encoding="utf-8")
    (seeds / "300_untitled.meta.yaml").write_text("genre: joint-statement\ntitle: null\ndate_published: '2021-07-08'\n",
                                                  encoding="utf-8")
    result = build(seeds=seeds, output=tmp_path / "out", project=env[0], cache_dir=tmp_path / "cache")
    assert not result.skipped
    ttl = (tmp_path / "out" / "graphs" / "300_untitled.ttl").read_text(encoding="utf-8")
    assert "schema:name \"Foreign Minister Ana Lopes paid a visit to Finland on 8 July 2021 to hold" in ttl


def test_regression_a_bare_surname_does_not_join_a_person_of_the_tables(mapped):
    # The gazetteer knows an office holder with this surname; a consul of that surname in another
    # text is someone else.
    x = mapped("Ochoa, the Mexican consul in Toronto, said the office would reopen in June.", genre="news-profile")
    assert not any(e.key == "enrique-ochoa" for e in x.entities.values())


def test_regression_a_quoted_first_person_post_is_not_the_authors(mapped):
    x = mapped("Opinion\n\n“This is the best team we ever had,” Carla Ruiz told reporters. “I know that because I was "
               "the deputy foreign minister.”\n", genre="opinion", author="Dana Wells")
    assert "deputy foreign minister" not in {r.lower() for r in roles(x, "Dana Wells")}


def test_lines_in_another_language_give_no_persons(mapped):
    x = mapped("Jaunais vēstnieks pauž cerību organizēt vizītes Rīgā\n\nThe Foreign Minister of Latvia, Anna Berzina, "
               "met the press in Riga on 2 May 2024.")
    names = {e.name for e in x.entities.values() if e.kind == "person"}
    assert names == {"Anna Berzina"}


def test_regnal_numbers_titles_of_an_object_and_a_relative_speaker(mapped):
    x = mapped("Letters\n\nSir: I suspect the minister drew on Sir Ewan Marlow (1601-1660), an envoy for Charles II, who "
               "wrote in an album “A treaty is a promise kept by the weaker party”. At Oakridge I studied law.\n",
               genre="opinion", date="2024-05-09")
    names = {e.name for e in x.entities.values() if e.kind == "person"}
    assert not any(n.endswith(" I") for n in names)  # "At Oakridge I studied": a pronoun, not a regnal number
    assert not any(p.holder.name.startswith("Charles") for p in x.posts)  # "an envoy for Charles II": Marlow's post
    assert {(q.speaker.name, q.text[:10]) for q in x.quotations} == {("Ewan Marlow", "A treaty i")}
