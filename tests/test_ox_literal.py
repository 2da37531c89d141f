"""rdfterms.ox_literal makes the same pyoxigraph literal as rdflib's Literal converted, so the
document graphs publish the same bytes whichever made their literals."""

from __future__ import annotations

import pytest
from rdflib import Literal, URIRef

from diplograph.rdfterms import ox_literal, to_ox

XSD_NS = "http://www.w3.org/2001/XMLSchema#"


def xsd(name: str) -> URIRef:
    return URIRef(XSD_NS + name)


CASES = [
    ("a plain string", {}), ("", {}), ("Ministerin für Europa", {"lang": "de"}), ("Paris", {"lang": "en"}),
    (True, {}), (False, {}), (7, {}), (0, {}),
    (12, {"datatype": xsd("nonNegativeInteger")}), (0, {"datatype": xsd("nonNegativeInteger")}),
    ("2024-05-06", {"datatype": xsd("date")}), ("2024", {"datatype": xsd("gYear")}),
    ("2024-05", {"datatype": xsd("gYearMonth")}), ("--05-06", {"datatype": xsd("gMonthDay")}),
    ("2024-02-30", {"datatype": xsd("date")}),  # not a date, kept as written by both
    # Forms rdflib normalises: made through rdflib, so the same bytes still.
    ("05", {"datatype": xsd("nonNegativeInteger")}), ("2024-05-06Z", {"datatype": xsd("date")}),
    ("7", {"datatype": xsd("integer")}), ("1.50", {"datatype": xsd("decimal")}),
]


@pytest.mark.parametrize("value,kw", CASES, ids=[repr(c) for c in CASES])
def test_ox_literal_is_rdflibs_literal_converted(value, kw):
    assert ox_literal(value, **kw) == to_ox(Literal(value, **kw))
    assert str(ox_literal(value, **kw)) == str(to_ox(Literal(value, **kw)))
