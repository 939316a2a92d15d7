"""Host names on the dossier pages link where the reader may go, and nowhere else."""

from __future__ import annotations

import pytest
from django.urls import reverse

from sme2go.dossiers import domain
from sme2go.dossiers.models import SharingConsent

pytestmark = pytest.mark.django_db


def host_link(w) -> str:
    return reverse("organisations:detail", kwargs={"organisation_pk": w.host.pk})


def html(client, name: str, **kwargs) -> str:
    response = client.get(reverse(f"dossiers:{name}", kwargs=kwargs))
    assert response.status_code == 200
    return response.content.decode()


@pytest.mark.parametrize(
    ("name", "key"), [("list", None), ("mission", "mission"), ("detail", "dossier")]
)
def test_operators_open_the_host_from_its_dossiers(dw, client_for, name, key):
    w = dw.world
    kwargs = {}
    if key == "mission":
        kwargs = {"mission_pk": w.mission.pk}
    elif key == "dossier":
        kwargs = {"dossier_pk": dw.dossier.pk}
    content = html(client_for(w.operator_user), name, **kwargs)
    assert (
        f'<a href="{host_link(w)}">Host a</a> <span lang="zh-hans">测试接待单位</span>' in content
    )


def test_a_company_sees_the_host_it_consented_to_without_a_link(dw, client_for):
    w = dw.world
    assert SharingConsent.objects.filter(company=w.company, host=w.host).exists()
    content = html(client_for(w.company_user), "company", organisation_pk=w.company.pk)
    assert 'Host a <span lang="zh-hans">测试接待单位</span>' in content
    assert host_link(w) not in content


def test_the_host_sees_its_own_name_linked_on_its_dossier_list(dw, client_for):
    w = dw.world
    domain.share_dossier(
        actor=w.operator_user,
        dossier=dw.dossier,
        companies=[w.company.pk],
        basis="Promised at the meeting.",
    )
    content = html(client_for(w.host_user), "list")
    assert f'<a href="{host_link(w)}">Host a</a>' in content
