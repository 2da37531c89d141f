"""A form of address before a name does not end a sentence: "has appointed H.E. Mr. X as
Ambassador …" was cut after "H.E.", and the appointment gave nobody the post (invented texts)."""

from __future__ import annotations

from conftest import map_text

from diplograph.model import Span
from diplograph.text.segment import sentences


def _split(text: str) -> list[str]:
    return [text[s.start:s.end] for s in sentences(text, Span(0, len(text)))]


def test_forms_of_address_do_not_end_a_sentence():
    text = ("The King received H.R.H. Prince Omar and H.E. Ms. Rosa Vega. Rt. Hon. Tom Price spoke first. "
            "Col. Ana Ruiz and Lt. Gen. Ivo Bak followed.")
    assert _split(text) == ["The King received H.R.H. Prince Omar and H.E. Ms. Rosa Vega.",
                            "Rt. Hon. Tom Price spoke first.", "Col. Ana Ruiz and Lt. Gen. Ivo Bak followed."]


def test_an_appointment_of_his_excellency_gives_the_post(tmp_path):
    text = ("Ambassador appointed to Peru\n\nMINISTRY OF FOREIGN AFFAIRS\n\n"
            "The President of the Republic has appointed H.E. Mr. Karel Novak as Ambassador of the Czech Republic "
            "to Peru. H.E. Ms. Eva Kral presented her credentials to the Secretary-General on 3 March 2025.\n")
    x = map_text(tmp_path, "novak", text, "joint-statement", date_published="2025-03-05", publisher="Example Ministry")
    posts = [(p.holder.name, p.role) for p in x.posts]
    assert ("Karel Novak", "Ambassador of the Czech Republic to Peru") in posts
    assert {e.name for e in x.entities.values() if e.kind == "person"} >= {"Karel Novak", "Eva Kral"}
