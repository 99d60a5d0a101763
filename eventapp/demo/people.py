"""Deterministic invented people and cooperatives for the demo (a seeded random generator)."""
import random
from typing import Any

FAMILY = ["Nguyễn"] * 8 + ["Trần"] * 3 + ["Lê"] * 3 + ["Phạm"] * 2 + [
    "Hoàng", "Huỳnh", "Phan", "Vũ", "Võ", "Đặng", "Bùi", "Đỗ", "Hồ", "Ngô", "Dương", "Lý", "Đinh", "Mạc"]
MIDDLE_M = ["Văn", "Văn", "Hữu", "Đức", "Minh", "Quang", "Mạnh", "Ngọc", "Xuân", "Thành", "Công", "Đình"]
MIDDLE_F = ["Thị", "Thị", "Thị", "Thu", "Ngọc", "Minh", "Thanh", "Bích", "Hồng", "Thùy"]
GIVEN_M = ["Anh", "Bình", "Cường", "Dũng", "Đạt", "Đức", "Giang", "Hải", "Hiếu", "Hùng", "Huy", "Khánh",
           "Long", "Nam", "Nghĩa", "Phong", "Quân", "Sơn", "Thắng", "Thành", "Toàn", "Trung", "Tuấn", "Việt"]
GIVEN_F = ["An", "Anh", "Chi", "Dung", "Hà", "Hạnh", "Hằng", "Hoa", "Hương", "Lan", "Linh", "Loan",
           "Mai", "Nga", "Ngọc", "Nhung", "Oanh", "Phương", "Thảo", "Thủy", "Trang", "Vân", "Yến"]

DISTRICTS = ["Thủy Nguyên", "An Dương", "An Lão", "Kiến Thụy", "Tiên Lãng", "Vĩnh Bảo", "Cát Hải",
             "Hồng Bàng", "Ngô Quyền", "Lê Chân", "Hải An", "Kiến An", "Đồ Sơn", "Dương Kinh"]
VILLAGES = ["Tân Dương", "Lưu Kiếm", "Minh Tân", "Quốc Tuấn", "Tân Tiến", "Trường Thọ", "Quang Hưng",
            "Đại Hà", "Ngũ Đoan", "Tú Sơn", "Kiến Thiết", "Tiên Minh", "Cổ Am", "Vĩnh An", "Hiệp Hòa",
            "Trung Lập", "Phù Long", "Gia Luận", "Hoàng Châu", "Đồng Bài", "Ngọc Hải", "Bàng La"]

# (sector, booth zone, name patterns, products)
SECTORS = [
    ("Nông nghiệp", "Nông nghiệp", ["HTX Nông nghiệp {v}", "HTX Dịch vụ nông nghiệp {v}", "HTX Rau an toàn {v}"],
     ["Rau an toàn", "Gạo nếp cái hoa vàng", "Gạo Tám xoan", "Nấm sò", "Mật ong", "Hoa đào Đằng Hải"]),
    ("Thủy sản", "Thủy sản", ["HTX Thủy sản {v}", "HTX Nuôi trồng thủy sản {v}", "HTX Khai thác hải sản {v}"],
     ["Nước mắm", "Chả mực", "Tôm khô", "Sá sùng", "Cá khô", "Ruốc biển"]),
    ("Thủ công mỹ nghệ", "Thủ công mỹ nghệ", ["HTX Mây tre đan {v}", "HTX Tạc tượng {v}", "HTX Thủ công {v}"],
     ["Mây tre đan", "Tượng gỗ Bảo Hà", "Chiếu cói", "Gốm mỹ nghệ", "Thêu ren"]),
    ("Thương mại – dịch vụ", "Thương mại – dịch vụ",
     ["HTX Thương mại dịch vụ {v}", "HTX Vận tải {v}", "HTX Dịch vụ tổng hợp {v}"],
     ["Dịch vụ vận tải", "Vật tư nông nghiệp", "Du lịch cộng đồng", "Dịch vụ môi trường"]),
    ("Sản phẩm OCOP", "Sản phẩm OCOP",
     ["HTX Sản xuất và Chế biến {v}", "HTX Chế biến nông sản {v}", "HTX Thực phẩm sạch {v}"],
     ["Bánh đa cua", "Nem cua bể", "Trà hoa vàng", "Rượu thuốc", "Dưa hành", "Chè lam"]),
]


def person(rng: random.Random, female: bool | None = None) -> str:
    female = rng.random() < 0.45 if female is None else female
    middle = rng.choice(MIDDLE_F if female else MIDDLE_M)
    given = rng.choice(GIVEN_F if female else GIVEN_M)
    return f"{rng.choice(FAMILY)} {middle} {given}"


def cooperatives(count: int = 100, seed: int = 2024) -> list[dict[str, Any]]:
    """Unique plausible cooperatives: name, kind, district, sector, zone, products."""
    rng = random.Random(seed)
    seen: set[str] = set()
    result: list[dict[str, Any]] = []
    kinds = ["Hợp tác xã"] * 12 + ["Liên hiệp HTX", "Quỹ tín dụng nhân dân"]
    while len(result) < count:
        sector, zone, patterns, products = rng.choice(SECTORS)
        kind = rng.choice(kinds)
        village = rng.choice(VILLAGES)
        if kind == "Quỹ tín dụng nhân dân":
            name, sector = f"Quỹ tín dụng nhân dân {village}", "Tài chính"
            zone, goods = "Thương mại – dịch vụ", "Dịch vụ tín dụng"
        elif kind == "Liên hiệp HTX":
            name, goods = f"Liên hiệp HTX {sector} {rng.choice(DISTRICTS)}", ", ".join(rng.sample(products, 2))
        else:
            name, goods = rng.choice(patterns).format(v=village), ", ".join(rng.sample(products, 2))
        if name in seen:
            continue
        seen.add(name)
        result.append({"name": name, "kind": kind, "district": rng.choice(DISTRICTS), "sector": sector,
                       "zone": zone, "products": goods, "representative": person(rng)})
    return result
