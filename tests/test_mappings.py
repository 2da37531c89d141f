"""Each mapping module, on the seeds and on documents written for the tests (other countries,
officials, outlets and layouts): the graph is compared with the expected one, and the facts a
reader would look for are checked one by one."""

from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.compare import graph_diff, to_isomorphic

from diplograph.build import build
from diplograph.ns import DIP, RDF, SDO, XSD
from diplograph.project import Project
from tests.conftest import REPO

VARIANTS = REPO / "tests" / "data" / "variants"
BASE = "https://w3id.org/diplograph/id"


@pytest.fixture(scope="module")
def variant_output(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("variants") / "output"
    build(seeds=VARIANTS / "seeds", output=out, project=Project(REPO))
    return out


def assert_same_graph(expected: Path, actual: Path) -> None:
    a = to_isomorphic(Graph().parse(expected))
    b = to_isomorphic(Graph().parse(actual))
    if a == b:
        return
    _, only_expected, only_actual = graph_diff(a, b)
    lines = [f"- {t}" for t in sorted(only_expected.triples((None, None, None)))[:40]]
    lines += [f"+ {t}" for t in sorted(only_actual.triples((None, None, None)))[:40]]
    pytest.fail(f"{actual.name} differs from {expected} (- expected only, + built only):\n" + "\n".join(lines))


@pytest.mark.parametrize("stem", ["000_c81985d7a3c5dfa9", "001_4eb110c50f2f1499", "002_98be1e25d0a3ede2"])
def test_seed_graphs(stem, fresh_output):
    assert_same_graph(REPO / "output" / "graphs" / f"{stem}.ttl", fresh_output / "graphs" / f"{stem}.ttl")


@pytest.mark.parametrize("stem", sorted(p.stem for p in (VARIANTS / "seeds").glob("*.txt")))
def test_variant_graphs(stem, variant_output):
    assert_same_graph(VARIANTS / "expected" / f"{stem}.ttl", variant_output / "graphs" / f"{stem}.ttl")


@pytest.fixture(scope="module")
def g(variant_output) -> Graph:
    return Graph().parse(variant_output / "dataset.ttl")


def iri(kind: str, slug: str) -> URIRef:
    return URIRef(f"{BASE}/{kind}/{slug}")


def posts_of(g: Graph, person: URIRef) -> dict[str, dict]:
    out = {}
    for post in g.subjects(DIP.holder, person):
        out[str(g.value(post, SDO.roleName))] = {
            "org": str(g.value(g.value(post, SDO.memberOf), SDO.name)),
            "start": g.value(post, SDO.startDate), "end": g.value(post, SDO.endDate),
            "attested": g.value(post, DIP.attestedOn), "former": g.value(post, DIP.former)}
    return out


def test_joint_statement_variant(g):
    wekesa, brenner = iri("person", "amina-wekesa"), iri("person", "lukas-brenner")
    assert posts_of(g, wekesa)["Principal Secretary for Foreign Affairs"]["org"] == "Kenya"
    brenner_posts = posts_of(g, brenner)
    assert any(p["org"].startswith("Federal Foreign Office") for p in brenner_posts.values())
    meeting = next(g.subjects(SDO.attendee, wekesa))
    assert (meeting, SDO.attendee, brenner) in g
    assert str(g.value(meeting, SDO.startDate)) == "2024-03-14"
    assert str(g.value(g.value(meeting, SDO.location), SDO.name)) == "Nairobi"
    topics = {str(g.value(t, SDO.name)) for t in g.objects(meeting, SDO.about)}
    assert {"Climate change", "Food security", "Migration", "Human rights"} <= topics
    supports = [s for s in g.subjects(SDO.object, iri("agreement", "pact-for-the-future"))]
    assert supports and (supports[0], SDO.agent, iri("country", "kenya")) in g
    commitments = [s for s in g.subjects(RDF.type, DIP.Commitment)
                   if (s, SDO.isPartOf, iri("document", "100_kenya_germany")) in g]
    assert commitments and "convene a dialogue" in str(g.value(commitments[0], SDO.description))


def test_opinion_variant(g):
    vaka = iri("person", "salote-vaka")
    posts = posts_of(g, vaka)
    amb = posts["Ambassador to the United Nations"]  # "Ambassador of Fiji to …": Fiji is the mission's
    assert amb["org"] == "Permanent Mission of Fiji to the United Nations"
    assert (str(amb["start"]), str(amb["end"])) == ("2015", "2019")
    assert (str(posts["Minister for Foreign Affairs"]["start"]), posts["Minister for Foreign Affairs"]["org"]) == ("2019", "Fiji")
    doc = iri("document", "101_fiji_oped")
    assert str(g.value(g.value(doc, SDO.isPartOf), SDO.name)) == "Small States, Big Voices"
    assert (doc, SDO.author, vaka) in g
    sopoaga = posts_of(g, iri("person", "enele-sopoaga"))["Prime Minister"]
    assert sopoaga["org"] == "Tuvalu" and sopoaga["former"] == Literal(True)
    image = g.value(doc, SDO.image)
    assert str(g.value(image, SDO.dateCreated)) == "2022-09-20"
    assert str(g.value(image, SDO.creditText)) == "Ana Ruiz/Reuters"
    note = g.value(doc, SDO.citation)
    assert str(g.value(note, SDO.name)) == "Emissions Gap Report 2022" and str(g.value(note, SDO.pagination)) == "p.14"


def test_news_profile_variant(g):
    mission = "Permanent Mission of Indonesia to the United Nations"
    wirawan = posts_of(g, iri("person", "made-wirawan"))["Ambassador to the UN"]
    assert wirawan["org"] == mission and str(wirawan["start"]) == "2018-01"
    assert posts_of(g, iri("person", "rizal-hakim"))["political coordinator"]["org"] == mission
    for who in ["dewi-santoso", "bayu-pratama"]:
        assert posts_of(g, iri("person", who))["deputy ambassador"]["org"] == mission
    quotes = {(str(g.value(g.value(q, SDO.creator), SDO.name)), str(g.value(q, SDO.text)))
              for q in g.subjects(SDO.isPartOf, iri("document", "102_indonesia_profile")) if g.value(q, SDO.text)}
    assert ("Rizal Hakim", "We want the Council to look at the oceans as a shared responsibility,") in quotes
    assert any(who == "Dewi Santoso" and "presidential statement" in text for who, text in quotes)
    assert not any("Peter Parker" in who for who, _ in quotes)  # the comment section is not the article
    debate = next(g.subjects(SDO.startDate, Literal("2019-08-12", datatype=XSD.date)))
    assert (debate, DIP.chairedBy, iri("person", "joko-widodo")) in g
    terms = {(str(g.value(p, SDO.startDate)), str(g.value(p, SDO.endDate)))
             for p in g.subjects(DIP.holder, iri("country", "indonesia"))
             if g.value(p, SDO.memberOf) == iri("organization", "un-security-council")}
    assert terms == {("1973", "1974"), ("1995", "1996"), ("2007", "2008"), ("2019", "2020")}


def test_communique_with_titles_before_names_and_group_subjects(g):
    doc = iri("document", "103_brazil_south_africa")
    assert (doc, RDF.type, DIP.JointStatement) in g and (doc, DIP.genreDetected, Literal(True)) in g
    assert str(g.value(doc, SDO.datePublished)) == "2023-09-12"  # from the dateline
    vieira, pandor = iri("person", "mauro-vieira"), iri("person", "naledi-pandor")
    assert posts_of(g, vieira)["Minister of Foreign Affairs"]["org"] == "Brazil"
    assert posts_of(g, pandor)["Minister of International Relations and Cooperation"]["org"] == "South Africa"
    talks = next(g.subjects(SDO.attendee, vieira))
    assert str(g.value(g.value(talks, SDO.location), SDO.name)) == "Brasília"
    assert "climate finance" in {str(g.value(t, SDO.name)) for t in g.objects(talks, SDO.about)}
    support = next(s for s in g.subjects(RDF.type, DIP.Support) if (s, SDO.isPartOf, doc) in g)
    assert {vieira, pandor} <= set(g.objects(support, SDO.agent))
    commitment = next(s for s in g.subjects(RDF.type, DIP.Commitment) if (s, SDO.isPartOf, doc) in g)
    assert {iri("country", "brazil"), iri("country", "south-africa")} <= set(g.objects(commitment, SDO.agent))


def test_opinion_with_a_prose_bio_and_no_series(g):
    ruiz = iri("person", "carmen-vidal")
    posts = posts_of(g, ruiz)
    assert posts["ambassador to Japan"]["org"] == "Chile" and str(posts["ambassador to Japan"]["attested"]) == "2022-06-14"
    assert posts["deputy foreign minister"]["former"] == Literal(True)
    eu = posts["ambassador to the European Union"]
    assert (str(eu["start"]), str(eu["end"])) == ("2014", "2018")
    assert posts_of(g, iri("person", "gabriel-boric"))["President"]["org"] == "Chile"
    quote = next(q for q in g.subjects(SDO.creator, iri("person", "gabriel-boric")))
    assert str(g.value(quote, SDO.text)).startswith("We cannot wait for Geneva")
    assert g.value(iri("document", "104_chile_oped"), SDO.isPartOf) is None


def test_communique_with_consultations_held_in_a_city(g):
    # "X, post, and Y, post, held bilateral consultations in CITY on DATE to review …".
    klaveren, fusimalohi = iri("person", "alberto-van-klaveren"), iri("person", "taniela-fusimalohi")
    meeting = next(g.subjects(SDO.attendee, klaveren))
    assert (meeting, RDF.type, DIP.Consultation) in g and (meeting, SDO.attendee, fusimalohi) in g
    assert str(g.value(meeting, SDO.startDate)) == "2024-06-03"
    assert str(g.value(g.value(meeting, SDO.location), SDO.name)) == "Santiago"
    assert "review cooperation on ocean governance" in str(g.value(meeting, DIP.purpose))
    # "The two delegations also exchanged views on …": the meeting's topics.
    topics = {str(g.value(t, SDO.name)) for t in g.objects(meeting, SDO.about)}
    assert {"Disarmament", "Human rights", "Climate change"} <= topics
    doc = iri("document", "105_chile_tonga")
    assert not [e for e in g.objects(doc, SDO.mentions) if (e, RDF.type, DIP.CouncilMeeting) in g]
    # "Minister X and Deputy Prime Minister Y underlined that …": a view both state.
    views = [s for s in g.subjects(RDF.type, DIP.AgreementStance) if (s, SDO.isPartOf, doc) in g]
    assert views and {klaveren, fusimalohi} <= set(g.objects(views[0], SDO.agent))
    assert "sea levels" in str(g.value(views[0], SDO.description))


def test_news_profile_with_earlier_posts_a_chair_and_an_outside_voice(g):
    doc = iri("document", "106_ghana_profile")
    agyeman = posts_of(g, iri("person", "harold-agyeman"))
    director = agyeman["director of the Africa bureau"]
    assert director["org"] == "Ministry of Foreign Affairs (Ghana)"
    assert (str(director["start"]), str(director["end"])) == ("2015", "2018")
    brazil = agyeman["ambassador to Brazil"]
    assert (str(brazil["start"]), str(brazil["end"])) == ("2011", "2015")
    # "Kwame Boateng, a senior fellow at the International Crisis Group, said … "…"".
    boateng = iri("person", "kwame-boateng")
    assert posts_of(g, boateng)["senior fellow"]["org"] == "International Crisis Group"
    quote = next(g.subjects(SDO.creator, boateng))
    assert str(g.value(quote, SDO.text)) == "gives Accra a rare platform." and (quote, SDO.isPartOf, doc) in g
    debate = next(g.subjects(SDO.startDate, Literal("2022-11-08", datatype=XSD.date)))
    assert (debate, DIP.chairedBy, iri("person", "nana-akufo-addo")) in g
    briefing = next(g.subjects(SDO.startDate, Literal("2022-11-15", datatype=XSD.date)))
    assert (briefing, SDO.about, iri("country", "somalia")) in g
    schools = {str(g.value(o, SDO.name)) for o in g.objects(iri("person", "harold-agyeman"), SDO.alumniOf)}
    assert {"University of Ghana", "University of Cambridge"} <= schools


def test_opinion_with_bracketed_footnote_and_a_post_at_an_institute(g):
    doc = iri("document", "107_sweden_oped")
    note = g.value(doc, SDO.citation)
    assert str(g.value(note, SDO.name)) == "Multi-Party Interim Appeal Arbitration Arrangement"
    # "at the port of Gothenburg, Sweden": a place the gazetteer lacks, located by its country.
    assert g.value(g.value(doc, SDO.image), SDO.contentLocation) == iri("country", "sweden")
    lindqvist = posts_of(g, iri("person", "karin-lindqvist"))
    assert lindqvist["senior fellow"]["org"] == "Stockholm International Peace Research Institute"
    # "The election of X as Director-General" in a paragraph about the WTO.
    dg = posts_of(g, iri("person", "ngozi-okonjo-iweala"))["Director-General"]
    assert dg["org"] == "World Trade Organization" and str(dg["start"]) == "2021"


def test_language_names_are_not_country_mentions(g):
    # "Languages: Indonesian, English" names languages, not Indonesia (which the profile names anyway).
    from diplograph.extract.context import _LANGUAGE_LIST
    m = _LANGUAGE_LIST.search("She speaks French, English and Italian.")
    assert m and m.group("l") == "French, English and Italian"
    seed = Graph().parse(REPO / "output" / "graphs" / "002_98be1e25d0a3ede2.ttl")
    mentioned = set(seed.objects(None, SDO.mentions))
    assert iri("country", "italy") not in mentioned and iri("country", "spain") not in mentioned


def test_consultations_named_by_several_words_and_unlisted_ministry(g):
    # "held a first round of political consultations in Wellington on …" (108); "head of the policy
    # division at the Ministry of Foreign Affairs in Nairobi (2010-2014)" where the table has no row
    # for that ministry (109); "X, who has been …'s permanent representative" is a cue for a name.
    peters = iri("person", "winston-peters")
    meeting = next(g.subjects(SDO.attendee, peters))
    assert (meeting, RDF.type, DIP.Consultation) in g
    assert str(g.value(g.value(meeting, SDO.location), SDO.name)) == "Wellington"
    kimani = posts_of(g, iri("person", "martin-kimani"))
    head = kimani["head of the policy division"]
    assert head["org"] == "Ministry of Foreign Affairs (Kenya)" and (str(head["start"]), str(head["end"])) == ("2010", "2014")
    assert (str(kimani["ambassador to Ethiopia"]["start"]), str(kimani["ambassador to Ethiopia"]["end"])) == ("2005", "2010")
    # The fact box's "Ambassador to the UN:" and the text's "permanent representative" are one post.
    assert str(kimani["Ambassador to the UN"]["start"]) == "2020-12" and "permanent representative" not in kimani
    langs = {str(o) for o in g.objects(iri("person", "martin-kimani"), SDO.knowsLanguage)}
    assert {"Swahili", "English", "French"} <= langs
    mentioned = set(g.objects(iri("document", "109_kenya_profile"), SDO.mentions))
    assert iri("country", "france") not in mentioned


def test_opinion_with_an_appointment_and_posts_at_bodies(g):
    # "The appointment of X as Secretary-General of UNCTAD in 2021" names X; "ambassador at the
    # United Nations (2012-2016)" is a post in the author's country's UN mission, not the UN; "[2]" markers.
    grynspan = posts_of(g, iri("person", "rebeca-grynspan"))["Secretary-General of UNCTAD"]
    assert grynspan["org"] == "UNCTAD" and str(grynspan["start"]) == "2021"
    ibarra = posts_of(g, iri("person", "tomas-ibarra"))
    assert ibarra["ambassador"]["org"] == "Permanent Mission of Uruguay to the United Nations"
    assert str(ibarra["ambassador"]["start"]) == "2012"
    assert ibarra["Deputy Minister of Finance"]["org"] == "Uruguay"
    assert ibarra["visiting professor"]["org"] == "Sciences Po"
    notes = {str(g.value(n, SDO.name)) for n in g.objects(iri("document", "110_uruguay_oped"), SDO.citation)}
    assert notes == {"International Debt Report 2024", "A World of Debt"}


def test_nested_mentions_and_posts_to_international_bodies(g):
    # "Ambassador of Sweden to the World Trade Organization (2016-2020)" and, in the first person,
    # "As Sweden's ambassador to the WTO in Geneva, I saw …": one post, in Sweden's mission to the WTO.
    lindqvist = posts_of(g, iri("person", "karin-lindqvist"))
    amb = [r for r in lindqvist if "ambassador" in r.lower()]
    assert amb == ["Ambassador to the World Trade Organization"]
    assert lindqvist[amb[0]]["org"] == "Permanent Mission of Sweden to the World Trade Organization"
    # A country named inside a longer matched name is a mention too (not in a country's own name).
    from diplograph.text.gazetteer import Gazetteer, GazetteerEntry
    def entry(key, kind, label):
        return GazetteerEntry(key, kind, label, (), (), None, "unchecked", "", (), None, None)
    gz = Gazetteer([entry("iran", "country", "Iran"), entry("jcpoa", "agreement", "Iran nuclear deal"),
                    entry("guinea", "country", "Guinea"), entry("png", "country", "Papua New Guinea")])
    text = "the Iran nuclear deal and Papua New Guinea"
    outer = gz.find(text)
    assert [m.entry.key for m in outer] == ["jcpoa", "png"]
    assert [m.entry.key for m in gz.nested(text, outer[0])] == ["iran"] and gz.nested(text, outer[1]) == []


def test_numbered_communique_with_honorifics_signature_block_and_group_subject(g):
    # 111: "the Minister of Foreign Affairs of Malaysia, Dato' Sri Haris Kamal," (a form of address is
    # not part of the name); "The two Ministers held bilateral talks in Putrajaya on 13 March 2024";
    # a signature block ("For the Government of …", "(signed)", name, title); "in the English and
    # French languages" names languages, not France.
    doc = iri("document", "111_malaysia_senegal")
    kamal, ndiaye = iri("person", "haris-kamal"), iri("person", "aissatou-ndiaye")
    assert posts_of(g, kamal)["Minister of Foreign Affairs"]["org"] == "Malaysia"
    assert posts_of(g, ndiaye)["Minister of Foreign Affairs and Senegalese Abroad"]["org"] == "Senegal"
    assert len(posts_of(g, ndiaye)) == 1
    talks = next(g.subjects(SDO.attendee, kamal))
    assert (talks, SDO.attendee, ndiaye) in g and str(g.value(talks, SDO.startDate)) == "2024-03-13"
    assert str(g.value(g.value(talks, SDO.location), SDO.name)) == "Putrajaya"
    mentioned = set(g.objects(doc, SDO.mentions))
    assert iri("country", "france") not in mentioned and iri("person", "sri-haris-kamal") not in mentioned
    assert iri("organization", "ohchr") not in mentioned  # "UN Human Rights" inside "UN Human Rights Council"
    # "X, post, paid an official visit to Malaysia from 12 to 14 March 2024" at the invitation of Y: a
    # visit (the visitor attends, the host country is the place, the inviter organizes); the talks
    # held during it are its sub-event and carry the topics.
    visit = next(g.subjects(RDF.type, DIP.Visit))
    assert (visit, RDF.type, SDO.Event) in g and set(g.objects(visit, SDO.attendee)) == {ndiaye}
    assert (str(g.value(visit, SDO.startDate)), str(g.value(visit, SDO.endDate))) == ("2024-03-12", "2024-03-14")
    assert g.value(visit, SDO.location) == iri("country", "malaysia") and g.value(visit, SDO.organizer) == kamal
    assert g.value(talks, SDO.superEvent) == visit and (talks, SDO.about, iri("topic", "trade")) in g


def test_first_person_oped_with_pull_quote_and_related_list(g):
    # 112: the bio's "Ambassador of Portugal to India" and the text's "As Portugal's ambassador to
    # India, I …" are one post; the "More from Opinion" list under the article is not text.
    mendes = posts_of(g, iri("person", "joao-mendes"))
    assert [r for r in mendes if "ambassador" in r.lower()] == ["Ambassador of Portugal to India"]
    dpr = mendes["deputy permanent representative"]  # "… to the United Nations" is the mission's body
    assert dpr["org"] == "Permanent Mission of Portugal to the United Nations"
    assert (str(dpr["start"]), str(dpr["end"])) == ("2016", "2020")
    # "presented my credentials to President X in New Delhi": the one country the sentence names.
    assert posts_of(g, iri("person", "droupadi-murmu"))["President"]["org"] == "India"
    about = {str(g.value(t, SDO.name)) for t in g.objects(iri("document", "112_portugal_oped"), SDO.about)}
    assert {"Oceans", "Plastic pollution", "Overfishing", "Deep-sea mining"} <= about


def test_wire_profile_with_dateline_interviews_related_list_and_comments(g):
    # 113: "Ambassador X, Sierra Leone's permanent representative to the United Nations, said in an
    # interview" (one post, started when she "took up her post … in June 2021"); "The mission's deputy
    # permanent representative, Y"; a presidency "in August 2024" (not the article's month); the
    # "Related coverage" list and the comments are not text.
    koroma = posts_of(g, iri("person", "fatmata-koroma"))
    pr = koroma["permanent representative"]
    assert pr["org"] == "Permanent Mission of Sierra Leone to the United Nations" and str(pr["start"]) == "2021-06"
    assert "Ambassador" not in koroma and koroma["minister of justice"]["former"] == Literal(True)
    sesay = posts_of(g, iri("person", "ibrahim-sesay"))["deputy permanent representative"]
    assert sesay["org"] == "Permanent Mission of Sierra Leone to the United Nations"
    assert posts_of(g, iri("person", "maria-lind"))["senior analyst"]["org"] == "Security Council Report"
    doc = iri("document", "113_sierra_leone_wire")
    presidency = next(e for e in g.objects(doc, SDO.mentions) if (e, RDF.type, DIP.CouncilPresidency) in g)
    assert str(g.value(presidency, SDO.startDate)) == "2024-08"
    # "… in August 2024, when it convened an open debate on X chaired by President Y": the debate is
    # the presidency's sub-event, chaired by Y, about X (without the "chaired by" words).
    debate = next(g.subjects(SDO.superEvent, presidency))
    assert (debate, RDF.type, DIP.Debate) in g and g.value(debate, DIP.chairedBy) == iri("person", "julius-maada-bio")
    assert {str(g.value(t, SDO.name)) for t in g.objects(debate, SDO.about)} == {"historical injustices against Africa"}
    assert str(g.value(debate, SDO.startDate)) == "2024-08" and str(g.value(debate, DIP.status)) == "held"
    assert posts_of(g, iri("person", "julius-maada-bio"))["President"]["org"] == "Sierra Leone"
    # "since the country joined the Security Council in January 2024": a membership of the organ.
    assert str(posts_of(g, iri("country", "sierra-leone"))["member of the UN Security Council"]["start"]) == "2024-01"
    mentioned = set(g.objects(doc, SDO.mentions))
    assert not {iri("country", "south-sudan"), iri("country", "nigeria")} & mentioned


@pytest.mark.parametrize("text,expected", [
    ("paid a visit to X from 12 to 14 March 2024.", ("2024-03-12", "2024-03-14")),
    ("on 12–14 March 2024", ("2024-03-12", "2024-03-14")),
    ("from 30 March to 2 April 2024", ("2024-03-30", "2024-04-02")),
    ("from March 12 to 14, 2024", ("2024-03-12", "2024-03-14")),
    ("in 2019-20", None),
    ("on 8 April 2025", None),
])
def test_day_ranges(text, expected):
    from diplograph.model import Span
    from diplograph.text.dates import find_date_ranges
    found = find_date_ranges(text, Span(0, len(text)))
    assert (found[0][1:] if found else None) == expected
