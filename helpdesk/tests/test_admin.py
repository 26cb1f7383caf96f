import pytest

from helpdesk.models import Topic


@pytest.mark.django_db
def test_the_administrator_keeps_topics_in_the_admin(client, administrator):
    client.force_login(administrator)

    response = client.post("/en/admin/helpdesk/topic/add/", {
        "name_kk": "Тіркелу", "name_ru": "Регистрация", "name_en": "Registration",
        "is_active": "on", "position": 3,
    })

    assert response.status_code == 302
    topic = Topic.objects.get()
    assert (topic.name("kk"), topic.name("ru"), topic.name("en")) == (
        "Тіркелу", "Регистрация", "Registration"
    )


@pytest.mark.django_db
def test_a_topic_with_requests_cannot_be_deleted(client, administrator, submit, topic):
    submit(topic=topic)
    client.force_login(administrator)

    response = client.get(f"/en/admin/helpdesk/topic/{topic.pk}/delete/")

    assert response.status_code == 403


@pytest.mark.django_db
def test_the_admin_shows_requests_read_only(client, administrator, submit):
    request = submit().request
    client.force_login(administrator)

    listing = client.get("/en/admin/helpdesk/feedbackrequest/")
    page = client.get(f"/en/admin/helpdesk/feedbackrequest/{request.pk}/change/")
    adding = client.get("/en/admin/helpdesk/feedbackrequest/add/")

    assert listing.status_code == 200
    assert request.number in listing.content.decode()
    assert page.status_code == 200
    assert "access_token_hash" not in page.content.decode()
    assert adding.status_code == 403
