"""Hard constraints between a need and a company.

A need can exclude company home countries, require certifications (all of them) and
require a language; a company can exclude markets (the need's country). A company that
does not state its languages or certifications is kept, and the check is reported as
``unverified`` so an adviser looks at it, because an unfilled profile field is not
evidence of a missing capability.
"""

from __future__ import annotations

from .documents import CompanyDoc, Constraint, NeedDoc


def need_constrains(need: NeedDoc) -> bool:
    """True if ``need`` carries any constraint of its own."""
    return bool(need.exclude_countries or need.required_certifications or need.language)


def check(need: NeedDoc, company: CompanyDoc) -> list[Constraint]:
    """Return every constraint that applies to the pair, with its status."""
    out: list[Constraint] = []
    if need.exclude_countries:
        ok = company.country not in need.exclude_countries
        where = company.country or "unknown country"
        out.append(
            Constraint(
                "home country",
                f"{where} {'is not' if ok else 'is'} among excluded {', '.join(need.exclude_countries)}",
                "passed" if ok else "failed",
            )
        )
    if need.required_certifications:
        held = {c.lower() for c in company.certifications}
        missing = [c for c in need.required_certifications if c.lower() not in held]
        if not company.certifications:
            status, detail = "unverified", "no certifications stated"
        elif missing:
            status, detail = "failed", f"missing {', '.join(missing)}"
        else:
            status, detail = "passed", f"holds {', '.join(need.required_certifications)}"
        out.append(Constraint("certification", detail, status))
    if need.language:
        if not company.languages:
            status, detail = "unverified", f"{need.language} required; languages not stated"
        elif need.language in company.languages:
            status, detail = "passed", f"speaks {need.language}"
        else:
            status, detail = (
                "failed",
                f"{need.language} required; speaks {', '.join(company.languages)}",
            )
        out.append(Constraint("language", detail, status))
    if need.country and company.exclusions:
        ok = need.country not in company.exclusions
        out.append(
            Constraint(
                "company market exclusions",
                f"{need.country} {'not ' if ok else ''}excluded by the company",
                "passed" if ok else "failed",
            )
        )
    return out


def admissible(need: NeedDoc, company: CompanyDoc) -> bool:
    """True unless some constraint fails."""
    return all(c.status != "failed" for c in check(need, company))
