"""`flask categories …`: list, add, set-capacity, retire; errors as plain messages, never a traceback."""
import pytest

from eventapp.categories import services


def run(runner, *args):
    result = runner.invoke(args=["categories", *args])
    assert "Traceback" not in result.output and not isinstance(result.exception, (TypeError, AttributeError))
    return result


def test_add_then_list(runner, db, make_event):
    event = make_event(slug="hai-phong", categories=("khach",))
    result = run(runner, "add", "hai-phong", "--name", "Đại biểu lãnh đạo", "--name-en", "Leaders",
                 "--capacity", "40", "--private", "--attention", "--approval", "--color", "#B91C1C")
    assert result.exit_code == 0 and "mã dai-bieu-lanh-dao" in result.output
    category = services.category_by_code(event, "dai-bieu-lanh-dao")
    assert (category.capacity, category.public, category.needs_attention, category.requires_approval,
            category.color) == (40, False, True, True, "#b91c1c")
    listing = run(runner, "list", "hai-phong").output.splitlines()
    assert listing[0].startswith("1. khach") and "không giới hạn" in listing[0] and "đang mở" in listing[0]
    assert listing[1].startswith("2. dai-bieu-lanh-dao\tĐại biểu lãnh đạo / Leaders\tsức chứa 40")
    assert "chỉ khách mời, cần duyệt, VIP" in listing[1]


@pytest.mark.parametrize("args, message", [
    (["add", "khong-co", "--name", "Báo chí"], "Không có sự kiện “khong-co”."),
    (["add", "hai-phong", "--name", "Khách"], "--code: Mã “khach” đã dùng"),
    (["add", "hai-phong", "--name", "Báo chí", "--capacity", "nhiều"], "--capacity: Sức chứa phải là"),
    (["add", "hai-phong", "--name", "Báo chí", "--color", "đỏ"], "--color: Màu phải có dạng #rrggbb"),
    (["add", "hai-phong", "--name", ""], "--name: Vui lòng nhập tên thành phần."),
    (["set-capacity", "hai-phong", "khong-co", "5"], "Không có thành phần “khong-co”"),
    (["set-capacity", "hai-phong", "khach", "hai"], "Error: Sức chứa phải là"),
    (["set-capacity", "hai-phong", "khach", "--", "-2"], "Error: Sức chứa phải là"),
    (["retire", "khong-co", "khach"], "Không có sự kiện “khong-co”."),
])
def test_errors_are_plain_messages_and_change_nothing(runner, db, make_event, args, message):
    event = make_event(slug="hai-phong", categories=("khach",))
    result = run(runner, *args)
    assert result.exit_code == 1 and message in result.output, result.output
    assert [(c.code, c.capacity, c.retired_at) for c in services.list_categories(event)] == [("khach", None, None)]


def test_set_capacity_promotes_the_waiting_list_and_says_who(runner, db, make_event, register, outbox):
    event = make_event(slug="hai-phong", categories=("htx",))
    category = event.categories[0]
    services.set_capacity(category, 1)
    register(event, category, "Trần Văn An")
    waiting = register(event, category, "Lê Thị Bình", email="binh@example.org")
    result = run(runner, "set-capacity", "hai-phong", "htx", "none")
    assert result.exit_code == 0
    assert "không giới hạn" in result.output and "1 khách được chuyển" in result.output and "Lê Thị Bình" in result.output
    db.session.expire_all()
    assert waiting.status == "registered" and [m["to"] for m in outbox()] == ["binh@example.org"]
    lowered = run(runner, "set-capacity", "hai-phong", "htx", "0")
    assert "2 khách đã đăng ký vượt sức chứa mới; không ai bị huỷ." in lowered.output


def test_retire_then_reopen(runner, db, make_event):
    event = make_event(slug="hai-phong", categories=("khach",))
    assert run(runner, "retire", "hai-phong", "khach").exit_code == 0
    db.session.expire_all()
    assert event.categories[0].retired_at is not None
    again = run(runner, "retire", "hai-phong", "khach")
    assert again.exit_code == 1 and "đã đóng từ trước" in again.output
    assert run(runner, "reopen", "hai-phong", "khach").exit_code == 0
    db.session.expire_all()
    assert event.categories[0].retired_at is None
