"""Fixtures of the programme tests: the demo event, plain documents, and reading PDFs back."""
import re
import shutil
import subprocess
from datetime import UTC, datetime, timedelta

import pytest

from eventapp.programme.documents import Category, EventInfo, Item, ProgrammeDocument, Recipient

needs_poppler = pytest.mark.skipif(not shutil.which("pdftotext") or not shutil.which("pdffonts"),
                                   reason="pdftotext/pdffonts (poppler-utils) are not installed")
START = datetime(2024, 4, 6, 1, 0, tzinfo=UTC)  # 08:00 in Hải Phòng


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
                             printed_at=datetime(2024, 4, 5, 3, 15, tzinfo=UTC), **extra)


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


STRESS_NAME = "Hợp tác xã Dịch vụ Nông nghiệp Tổng hợp và Thương mại Thủy sản Hải Phòng {marker} chi nhánh"
STRESS_CITATION = ("Đã có thành tích xuất sắc trong phong trào thi đua phát triển kinh tế tập thể, hợp tác xã "
                   "thành phố Hải Phòng năm 2023")
ONE_WORD, TEN_WORDS = "Nghỉ", "Trao Bằng khen cho tập thể, cá nhân tiêu biểu"
STRESS_SIZES = (290, 10)  # recipients of the ten-word and the one-word category: 300 in all
STRESS_MARK = re.compile(r"S(\d)-(\d{3})")  # each recipient's marker, one word inside the long name


def logo_png(size=(240, 120)):
    from io import BytesIO

    from PIL import Image

    buffer = BytesIO()
    Image.new("RGB", size, (11, 83, 148)).save(buffer, "PNG")
    return buffer.getvalue()


@pytest.fixture
def stress_event(db, make_event, make_booth, make_cooperative):
    """Issue 18's stress event: 300 recipients with 80-character names and citations, items and
    award categories with one-word and ten-word titles, a subtitle and a logo, and 48 small booths
    given to cooperatives with 80-character names."""
    from eventapp.booths import placement
    from eventapp.booths.models import BoothApplication
    from eventapp.programme import awards, services
    from eventapp.programme.models import AwardRecipient

    event = make_event(name="Ngày hội Hợp tác xã thành phố Hải Phòng năm 2024",
                       subtitle="Kết nối – Đổi mới – Phát triển", logo=logo_png(), logo_mime="image/png")
    rounds = []
    for index in range(8):
        kind = "award_round" if index in (2, 5) else "other"
        rounds.append(services.create_item(event, title=TEN_WORDS if index % 2 else ONE_WORD, kind=kind,
                                           duration_minutes=15, speaker_name="Đồng chí Nguyễn Văn Tùng"))
    certificate = dict(national_heading=True, decision_number="125/QĐ-UBND", decision_date="2024-04-01",
                       signing_place="Hải Phòng", signer_title="KT. CHỦ TỊCH / PHÓ CHỦ TỊCH",
                       signer_name="Nguyễn Văn Tùng", certificate_text=STRESS_CITATION)
    names = ("Bằng khen của Chủ tịch Ủy ban nhân dân tỉnh", "Cờ")
    for number, (name, size) in enumerate(zip(names, STRESS_SIZES)):
        category = awards.create_category(event, name=name, awarding_body="Ủy ban nhân dân thành phố Hải Phòng",
                                          programme_item_id=str(rounds[2 + 3 * number].id),
                                          presenter="Đồng chí Nguyễn Minh Hoàng", **certificate)
        db.session.add_all(AwardRecipient(category_id=category.id, position=i + 1, title="Giám đốc",
                                          name=STRESS_NAME.format(marker=f"S{number}-{i + 1:03d}"),
                                          organization="Liên minh Hợp tác xã thành phố Hải Phòng")
                           for i in range(size))
    db.session.commit()
    for i in range(48):
        booth = make_booth(event, f"{'ABCD'[i // 12]}{i % 12 + 1:02d}", zone=("Nông nghiệp", "Thủy sản")[i // 24],
                           x=2.0 * (i % 12), y=5.0 * (i // 12), width=2, height=2)
        coop = make_cooperative(event, STRESS_NAME.format(marker=f"G{i:02d}"), sector="Nông nghiệp")
        application = BoothApplication(event_id=event.id, cooperative_id=coop.id, sector="Nông nghiệp",
                                       products="Gạo", booths_wanted=1, status="approved")
        db.session.add(application)
        db.session.commit()
        placement.assign(booth, application)
    db.session.commit()
    return event
