"""Fixtures of the layout tests."""
import pytest


@pytest.fixture
def png_bytes():
    from io import BytesIO

    from PIL import Image

    def make(size=(120, 60), color=(200, 30, 30)):
        buffer = BytesIO()
        Image.new("RGB", size, color).save(buffer, format="PNG")
        return buffer.getvalue()

    return make
