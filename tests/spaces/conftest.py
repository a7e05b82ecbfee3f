"""The spaces' ``cast``: people in every role around one hosted space (see ``tests.support.casts.SpacesCast``).

It takes the name ``cast`` inside tests/spaces, where every test is about rooms; elsewhere it is
``spaces_cast`` (tests/fixtures/spaces.py) and ``cast`` is the project cast of tests/fixtures/projects.py.
"""

import pytest


@pytest.fixture
def cast(spaces_cast):
    return spaces_cast


@pytest.fixture
def member_client(client, cast):
    """The test client logged in as the cast's space member."""
    client.force_login(cast.user("member"))
    return client
