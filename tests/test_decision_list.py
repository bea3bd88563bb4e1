"""The decision follow-up page (measures.views.decision_list), laid out like source 000."""

import datetime as dt

import pytest
from django.urls import reverse

from measures.models import Decision, FollowUp, Organisation

pytestmark = pytest.mark.django_db


def test_latest_follow_up_first_and_history_folded(board_reader_client):
    decision = Decision.objects.get(body__region__code="vgr", position=1, kind="beslut")
    FollowUp.objects.create(
        decision=decision, date=dt.date(2019, 6, 20), status="klar", text="Planerna är klara."
    )
    html = board_reader_client.get(reverse("decisions", args=["vgr"])).content.decode()
    article = html[html.index(f'id="decision-{decision.pk}"') :]
    article = article[: article.index("</article>")]
    assert article.index("Senaste återrapport 2019-06-20") < article.index("<details")
    assert "Tidigare återrapport (1)" in article
    assert article.index("<details") < article.index("2019-05-26")
    assert "Sjukhusstyrelserna" in article


def test_summary_table_lists_all_decisions(board_reader_client):
    html = board_reader_client.get(reverse("decisions", args=["vgr"])).content.decode()
    toc = html[html.index('<nav class="toc') :]
    toc = toc[: toc.index("</nav>")]
    assert "<caption>Beslut i korthet: senaste återrapport</caption>" in toc
    count = Decision.objects.for_region(Organisation.objects.get(code="vgr")).count()
    assert count >= 16
    assert toc.count('href="#decision-') == count


def test_decision_page_query_count(board_reader_client, django_assert_max_num_queries):
    with django_assert_max_num_queries(10):
        response = board_reader_client.get(reverse("decisions", args=["vgr"]))
    assert response.status_code == 200
