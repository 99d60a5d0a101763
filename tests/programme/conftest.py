"""Fixtures of the programme tests: the demo event, plain documents, and reading PDFs back."""
import re
import shutil
import subprocess
from datetime import datetime, timedelta, timezone

import pytest

from eventapp.programme.documents import Category, EventInfo, Item, ProgrammeDocument, Recipient

needs_poppler = pytest.mark.skipif(not shutil.which("pdftotext") or not shutil.which("pdffonts"),
                                   reason="pdftotext/pdffonts (poppler-utils) are not installed")
START = datetime(2024, 4, 6, 1, 0, tzinfo=timezone.utc)  # 08:00 in Hải Phòng


def pdf_text(data, tmp_path, first=None, last=None, name="doc.pdf", bbox=False):
    """pdftotext's output for the whole PDF, or pages first..last."""
    path = tmp_path / name
    path.write_bytes(data)
    command = ["pdftotext"]
    if first:
        command += ["-f", str(first), "-l", str(last or first)]
    if bbox:
        command.append("-bbox")
    return subprocess.run(command + [str(path), "-"], capture_output=True, text=True, check=True).stdout


def flat(text):
    """Lines joined with single spaces: a title wrapped over two lines reads as typed."""
    return re.sub(r"\s+", " ", text)


def page_count(data, tmp_path):
    path = tmp_path / "count.pdf"
    path.write_bytes(data)
    info = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True, check=True).stdout
    return int(re.search(r"Pages:\s+(\d+)", info).group(1))


def fonts_of(data, tmp_path):
    """[(name, embedded)] as pdffonts lists them."""
    path = tmp_path / "fonts.pdf"
    path.write_bytes(data)
    lines = subprocess.run(["pdffonts", str(path)], capture_output=True, text=True, check=True).stdout.splitlines()[2:]
    result = []
    for line in lines:
        # name, type (may contain spaces), encoding, emb, sub, uni, object id: the flags from the right.
        parts = line.split()
        result.append((parts[0], parts[-5]))
    return result


def make_document(items=(), categories=(), name="Ngày hội Hợp tác xã thành phố Hải Phòng năm 2024", **extra):
    event = EventInfo(name=name, organiser="Liên minh Hợp tác xã thành phố Hải Phòng", venue="Hội trường",
                      address="Hải Phòng", starts_at=START, ends_at=START + timedelta(hours=3, minutes=30),
                      timezone="Asia/Ho_Chi_Minh")
    return ProgrammeDocument(event=event, items=list(items), categories=list(categories),
                             printed_at=datetime(2024, 4, 5, 3, 15, tzinfo=timezone.utc), **extra)


def make_category(count, name="Giấy khen của Chủ tịch Liên minh HTX thành phố", names=None, **extra):
    recipients = [Recipient(position=i + 1, name=(names[i] if names else f"Nguyễn Văn Người Nhận {i + 1:03d}"),
                            title="Giám đốc", organization=f"HTX Nông nghiệp số {i + 1}")
                  for i in range(len(names) if names else count)]
    return Category(name=name, awarding_body="Liên minh HTX thành phố Hải Phòng", kind="certificate",
                    kind_label="Bằng khen, giấy khen", presenter="Đồng chí Nguyễn Minh Hoàng",
                    recipients=recipients, **extra)


def make_item(position, title, minutes=10, categories=(), kind="other"):
    start = START + timedelta(minutes=10 * (position - 1))
    return Item(position=position, title=title, start=start, end=start + timedelta(minutes=minutes), kind=kind,
                kind_label="Khác", duration_minutes=minutes, categories=list(categories))


@pytest.fixture
def demo_event(db):
    from eventapp.demo.services import load_demo

    return load_demo()


@pytest.fixture
def admin(make_user, login):
    return login(make_user("admin"))
