"""Domains and the packaged CPV tree."""

from __future__ import annotations

import pytest

from sme2go.matching.taxonomy import (
    DOMAINS,
    UnknownCode,
    UnknownDomain,
    cpv_name,
    cpv_tree,
    expand,
    normalise_cpv,
    normalise_domain,
)


def test_domain_keys_are_the_ones_the_app_uses():
    assert list(DOMAINS) == [
        "water", "waste", "energy", "mobility", "buildings", "food",
        "ict", "environment", "health", "safety", "governance", "education",
    ]  # fmt: skip
    assert normalise_domain(" Water ") == "water"
    with pytest.raises(UnknownDomain):
        normalise_domain("space")


def test_cpv_codes_accept_check_digit_and_reject_unknown():
    assert normalise_cpv("90481000-2") == "90481000"
    assert normalise_cpv("45252127") == "45252127"
    for bad in ("12345678", "9048", "sewage"):
        with pytest.raises(UnknownCode):
            normalise_cpv(bad)


def test_tree_is_deduplicated_and_named():
    tree = cpv_tree()
    assert len(tree.name) > 9000
    assert all(code != parent for code, parent in tree.parent.items())
    assert cpv_name("90481000") == "Operation of a sewage plant"
    assert expand("90481000") == ["90481000", "90480000", "90400000", "90000000"]


def test_relations_over_the_tree():
    tree = cpv_tree()
    assert tree.relation("90480000", "90480000") == (1.0, "exact")
    assert tree.relation("90480000", "90481000") == (0.8, "narrower")
    assert tree.relation("90481000", "90480000") == (0.6, "broader")
    # Siblings under "Sewage services" share an ancestor below the division.
    assert tree.relation("90481000", "90410000")[1] == "related"
    # Only the division in common ("Sewage, refuse, cleaning and environmental services").
    assert tree.relation("90481000", "90731000") == (0.0, "none")
