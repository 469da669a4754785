import pytest
import requests

from theset.demo.transport import mount_demo_transport


@pytest.fixture
def http():
    """A requests session every upstream of which the demo catalog answers."""
    session = requests.Session()
    mount_demo_transport(session)
    return session
