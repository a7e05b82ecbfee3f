"""The spaces' ``cast``: people in every role around one hosted space (see ``tests.support.casts.SpacesCast``).

It takes the name ``cast`` inside tests/spaces, where every test is about rooms; elsewhere ``cast`` is the
project cast of tests/fixtures/projects.py.
"""

import pytest

from tests.support.casts import SpacesCast


@pytest.fixture
def cast(db):
    return SpacesCast()


@pytest.fixture
def member_client(client, cast):
    """The test client logged in as the cast's space member."""
    client.force_login(cast.user("member"))
    return client
