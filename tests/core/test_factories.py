"""The shared fixtures build two worlds that do not see each other."""

from sme2go.core.tenancy import scoped
from sme2go.organisations.models import Organisation
from sme2go.programmes.models import Programme


def test_worlds_are_independent(programme_a, programme_b):
    assert list(scoped(Programme, programme_a.operator_user)) == [programme_a.programme]
    assert set(scoped(Organisation, programme_b.operator_user)) == {
        programme_b.operator,
        programme_b.company,
        programme_b.host,
        programme_b.counterpart,
    }
    assert programme_a.city.path == "China › Shandong › Weifang"


def test_client_for_logs_in(programme_a, client_for):
    client = client_for(programme_a.company_user)
    assert client.session["_auth_user_id"] == str(programme_a.company_user.pk)
