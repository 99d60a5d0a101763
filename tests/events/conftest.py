"""Fixtures of the event tests: a small real logo."""
from io import BytesIO

import pytest


def png(size=(60, 30), color=(11, 83, 148)):
    from PIL import Image

    buffer = BytesIO()
    Image.new("RGB", size, color).save(buffer, format="PNG")
    return buffer.getvalue()


@pytest.fixture
def logo():
    return png()
