"""Fixtures for the matching engine tests: small in-memory documents and CSV paths."""

from __future__ import annotations

from pathlib import Path

import pytest

from sme2go.matching import CompanyDoc, NeedDoc

DATA = Path(__file__).resolve().parents[1] / "data" / "matching"


@pytest.fixture
def data_dir() -> Path:
    return DATA


@pytest.fixture
def companies() -> list[CompanyDoc]:
    return [
        CompanyDoc(
            "aqua",
            "Kirkasvesi Oy",
            {"description": "We build waste-water treatment plants. Sludge dewatering for towns."},
            domains=("water",),
            cpv=("90481000",),
            country="FI",
            languages=("fi", "en"),
            certifications=("ISO 9001",),
        ),
        CompanyDoc(
            "wood",
            "Norrlandshus AB",
            {"description": "Prefabricated wooden houses and log homes."},
            domains=("buildings",),
            cpv=("44211000",),
            country="SE",
            languages=("sv", "en"),
            exclusions=("RU",),
        ),
        CompanyDoc(
            "air",
            "Airmon OÜ",
            {"description": "Air quality sensors for cities and emission monitoring."},
            domains=("environment",),
            cpv=("90731000",),
            country="EE",
        ),
    ]


@pytest.fixture
def need() -> NeedDoc:
    return NeedDoc(
        "n1",
        "Wastewater treatment",
        {"description": "The city seeks a partner for its municipal wastewater treatment plant."},
        country="CN",
    )
