"""The case form's five channels are the guidance's five, as the engine's data has them."""

from postcheck.cases.models import Channel
from postcheck.engine import default_engine


def test_case_channels_are_the_engine_channels():
    assert [c.value for c in Channel] == [c["id"] for c in default_engine().channels("en")]
