"""Reads never write: a GET of any page, by anyone, changes nothing in the database but the
access log (who read what) and the session.

Access is decided at query time (memberships in force, a grant's last day), so no page needs
to clean anything up before it can answer. Every URL the project routes is visited, with the
objects of one whole collaboration story, by each persona; a new URL without an entry in
``OBJECT_OF_PK`` fails the test until it is added.
"""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.every_url import collaboration_story, routed_names, url_for

pytestmark = pytest.mark.django_db

ALLOWED_WRITES = {"audit_accesslog", "django_session"}
WRITE = re.compile(
    r'^\s*(?:INSERT(?:\s+OR\s+\w+)?\s+INTO|UPDATE|DELETE\s+FROM)\s+"?(\w+)"?', re.IGNORECASE
)


@pytest.fixture
def story(school, bba, handler, reporter, agency_admin, social_services, social_worker, bup):
    return collaboration_story(
        school, bba, handler, reporter, agency_admin, social_services, social_worker, bup
    )


def writes_of(queries) -> list[str]:
    tables = (WRITE.match(query["sql"]) for query in queries)
    return [match[1] for match in tables if match and match[1] not in ALLOWED_WRITES]


def test_no_page_writes_anything_but_the_access_log_and_the_session(client, story, administrator):
    objects, personas = story
    urls = [url_for(name, arguments, objects) for name, arguments in routed_names()]
    visited = 0
    for persona in [*personas, administrator]:
        client.force_login(persona)
        for url in urls:
            with CaptureQueriesContext(connection) as queries:
                response = client.get(url)
            assert response.status_code < 500, (persona, url)
            assert writes_of(queries) == [], (persona, url)
            visited += response.status_code == 200
    assert visited > len(urls)  # most pages answered someone with their content


def test_the_check_sees_a_write():
    queries = [
        {"sql": 'UPDATE "consent_share" SET "ended_at" = now()'},
        {"sql": 'INSERT INTO "audit_accesslog" ("user_id") VALUES (1)'},
        {"sql": 'INSERT INTO "auth_group" ("name") VALUES (\'agency-1-bba\')'},
        {"sql": 'INSERT OR IGNORE INTO "auth_group" ("name") VALUES (\'x\')'},
        {"sql": 'SELECT "id" FROM "consent_share" WHERE "ended_at" IS NULL'},
    ]
    assert writes_of(queries) == ["consent_share", "auth_group", "auth_group"]
