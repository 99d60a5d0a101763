"""What the 2024 report tells: guest categories, gates, the running order, the award rounds."""
from typing import Any

GUEST_CATEGORIES: list[tuple[str, str, str, dict[str, Any]]] = [
    # code, name, English name, settings
    ("lanh-dao", "Lãnh đạo", "Leaders", {"public": False, "needs_attention": True, "color": "#b91c1c"}),
    ("dai-bieu", "Đại biểu / Khách mời", "Delegates / Guests", {"color": "#1d4ed8"}),
    ("htx", "HTX thành viên", "Member cooperatives", {"color": "#15803d"}),
    ("bao-chi", "Báo chí", "Press", {"requires_approval": True, "capacity": 20, "color": "#7c3aed"}),
    ("trung-bay", "Đơn vị trưng bày", "Exhibitors", {"color": "#c2410c"}),
]

GATES = [
    ("cong-chinh", "Cổng chính", "Main entrance", []),
    ("hoi-truong", "Hội trường", "Ceremony hall", ["lanh-dao", "dai-bieu", "htx", "bao-chi"]),
    ("trung-bay", "Khu trưng bày", "Exhibition area", []),
]

KHANH = ("Ngô Ngọc Khánh", "Ủy viên Ban Chấp hành Liên minh HTX Việt Nam, Chủ tịch Liên minh HTX thành phố")
MANH_CUONG = ("Nguyễn Mạnh Cường", "Phó Chủ tịch Liên minh HTX Việt Nam")
MINH_CUONG = ("Hoàng Minh Cường", "Phó Chủ tịch UBND thành phố")
HOANG = ("Nguyễn Minh Hoàng", "Phó Chủ tịch Liên minh HTX thành phố")
DAO = ("Nguyễn Hữu Đạo", "Phó Chủ tịch Liên minh HTX thành phố")

OFFICIALS = [
    (MANH_CUONG[0], MANH_CUONG[1], "Liên minh Hợp tác xã Việt Nam"),
    (MINH_CUONG[0], MINH_CUONG[1], "UBND thành phố Hải Phòng"),
    (KHANH[0], KHANH[1], "Liên minh Hợp tác xã thành phố Hải Phòng"),
    (HOANG[0], HOANG[1], "Liên minh Hợp tác xã thành phố Hải Phòng"),
    (DAO[0], DAO[1], "Liên minh Hợp tác xã thành phố Hải Phòng"),
]

PRESS = ["Báo Hải Phòng", "Đài PTTH Hải Phòng", "Cổng Thông tin điện tử thành phố", "Tạp chí Kinh doanh"]


def _by(*people: tuple[str, str]) -> str:
    return " và ".join(f"Đồng chí {name}, {position}" for name, position in people)


PROGRAMME: list[dict[str, Any]] = [
    dict(key="welcome", kind="opening", duration_minutes=10, location="Hội trường",
         title="Chào mừng, giới thiệu đại biểu"),
    dict(key="opening", kind="opening", duration_minutes=10, location="Hội trường",
         title="Phát biểu khai mạc Ngày hội", speaker_name=KHANH[0], speaker_position=KHANH[1],
         description="Hưởng ứng tháng hành động vì HTX năm 2024, kỷ niệm Ngày HTX Việt Nam 11/4"),
    dict(key="speech_city", kind="speech", duration_minutes=15, location="Hội trường",
         title="Phát biểu của lãnh đạo UBND thành phố", speaker_name=MINH_CUONG[0],
         speaker_position=MINH_CUONG[1],
         description="Thông tin về tình hình kinh tế – xã hội của thành phố"),
    dict(key="speech_vca", kind="speech", duration_minutes=15, location="Hội trường",
         title="Phát biểu của lãnh đạo Liên minh HTX Việt Nam", speaker_name=MANH_CUONG[0],
         speaker_position=MANH_CUONG[1]),
    dict(key="report", kind="speech", duration_minutes=15, location="Hội trường",
         title="Báo cáo tổng kết công tác thi đua, khen thưởng năm 2023", speaker_name=HOANG[0],
         speaker_position=HOANG[1]),
    dict(key="award_vca", kind="award_round", duration_minutes=15, location="Sân khấu",
         title="Trao Bằng khen và Kỷ niệm chương của Liên minh HTX Việt Nam",
         speaker_name=MANH_CUONG[0], speaker_position=MANH_CUONG[1]),
    dict(key="award_city", kind="award_round", duration_minutes=10, location="Sân khấu",
         title="Trao Cờ thi đua và Bằng khen của UBND thành phố",
         speaker_name=MINH_CUONG[0], speaker_position=MINH_CUONG[1]),
    dict(key="award_alliance", kind="award_round", duration_minutes=15, location="Sân khấu",
         title="Trao Giấy khen của Chủ tịch Liên minh HTX thành phố",
         speaker_name=f"{HOANG[0]}, {DAO[0]}", speaker_position="Phó Chủ tịch Liên minh HTX thành phố"),
    dict(key="award_outstanding", kind="award_round", duration_minutes=10, location="Sân khấu",
         title="Tôn vinh các HTX tiêu biểu năm 2023",
         speaker_name=f"{MANH_CUONG[0]}, {KHANH[0]}", speaker_position="Lãnh đạo Liên minh HTX"),
    dict(key="pact", kind="signing", duration_minutes=10, location="Sân khấu",
         title="Ký Giao ước thi đua năm 2024 giữa các Khối thi đua thuộc Liên minh HTX thành phố"),
    dict(key="launch", kind="speech", duration_minutes=10, location="Hội trường",
         title="Phát động Phong trào thi đua năm 2024 và Cuộc thi tìm hiểu Luật HTX năm 2023",
         speaker_name=DAO[0], speaker_position=DAO[1]),
    dict(key="visit", kind="visit", duration_minutes=45, location="Khu trưng bày",
         title="Tham quan gian hàng của các HTX, đơn vị thành viên và khu tư vấn vốn vay "
               "của Quỹ Hỗ trợ phát triển HTX"),
]

AWARDS: list[dict[str, Any]] = [
    # collective: True (all collectives), False (all individuals), None (alternating)
    dict(name="Bằng khen của Liên minh HTX Việt Nam", body="Liên minh HTX Việt Nam", kind="certificate",
         count=5, collective=None, round="award_vca", presenter=_by(MANH_CUONG),
         text="Đã có thành tích xuất sắc trong phong trào thi đua phát triển kinh tế tập thể, hợp tác xã"),
    dict(name="Kỷ niệm chương Vì sự nghiệp phát triển HTX", body="Liên minh HTX Việt Nam", kind="medal",
         count=15, collective=False, round="award_vca", presenter=_by(MANH_CUONG)),
    dict(name="Cờ thi đua đơn vị xuất sắc dẫn đầu năm 2023", body="UBND thành phố Hải Phòng", kind="flag",
         count=3, collective=True, round="award_city", presenter=_by(MINH_CUONG)),
    dict(name="Bằng khen của UBND thành phố", body="UBND thành phố Hải Phòng", kind="certificate",
         count=7, collective=None, round="award_city", presenter=_by(MINH_CUONG)),
    dict(name="Giấy khen của Chủ tịch Liên minh HTX thành phố", body="Liên minh HTX thành phố Hải Phòng",
         kind="certificate", count=14, collective=None, round="award_alliance", presenter=_by(HOANG, DAO),
         text="Đã có thành tích xuất sắc trong năm 2023"),
    dict(name="HTX tiêu biểu năm 2023", body="Liên minh HTX thành phố Hải Phòng", kind="title",
         count=8, collective=True, round="award_outstanding", presenter=_by(MANH_CUONG, KHANH)),
]
