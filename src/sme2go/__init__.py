"""sme2go: trade-mission platform for SME internationalisation programmes."""

__version__ = "0.1.0"
