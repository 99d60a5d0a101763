"""The booth pages through HTTP: organiser, exhibitor and public views (thin: the rules are
tested on the services)."""
import io
import re

from eventapp.booths import applications, placement, planning
from eventapp.booths.models import ExhibitorAccount
from eventapp.mail import outbox_messages
from tests.conftest import csrf_token


def test_organiser_sees_the_plan_and_changes_a_booth_by_hand(client, db, organiser, booth_event, row_of_booths,
                                                          make_application):
    a1, a2 = row_of_booths(booth_event, 2)
    application = make_application(booth_event, "HTX Nông nghiệp Tân Dương")
    base = f"/admin/e/{booth_event.slug}/booths"
    page = client.get(f"{base}/").get_data(as_text=True)
    assert "<svg" in page and 'viewBox="' in page and f'href="{base}/{a1.id}"' in page
    assert "Gian hàng và sơ đồ" in client.get("/admin/").get_data(as_text=True)
    token = csrf_token(client, f"{base}/{a1.id}")
    response = client.post(f"{base}/{a1.id}/action", data={"csrf_token": token, "action": "assign",
                                                            "application_id": application.id, "locked": "1"},
                           follow_redirects=True)
    assert "Đã cập nhật gian A01" in response.get_data(as_text=True)
    assert placement.assignment_of(a1).locked
    client.post(f"{base}/{a1.id}/action", data={"csrf_token": token, "action": "move", "target": "a02"})
    assert [b.code for b in placement.booths_of(application)] == ["A02"]
    refused = client.post(f"{base}/{a2.id}/action", data={"csrf_token": token, "action": "move", "target": "Z99"},
                          follow_redirects=True).get_data(as_text=True)
    assert "Không có gian hàng Z99" in refused
    log = client.get(f"{base}/log").get_data(as_text=True)
    assert "booth.assign" in log and "booth.move" in log and "HTX Nông nghiệp Tân Dương" in log


def test_organiser_imports_a_plan_and_sees_each_bad_row(client, db, organiser, booth_event):
    url = f"/admin/e/{booth_event.slug}/booths/import"
    token = csrf_token(client, url)
    bad = "code,zone,x,y,width,height,corner,power,water\nA01,X,0,0,3,3,0,0,0\nA02,X,abc,0,3,3,0,0,0\n"
    page = client.post(url, data={"csrf_token": token, "file": (io.BytesIO(bad.encode()), "so-do.csv")},
                       content_type="multipart/form-data").get_data(as_text=True)
    assert "Dòng 3: cột x không phải là số" in page and "chưa có gian hàng nào được nhập" in page
    good = "code,zone,x,y,width,height,corner,power,water\nA01,X,0,0,3,3,0,0,0\nA02,X,3,0,3,3,0,1,0\n"
    response = client.post(url, data={"csrf_token": token, "file": (io.BytesIO(good.encode()), "so-do.csv")},
                           content_type="multipart/form-data", follow_redirects=True)
    assert "2 gian mới" in response.get_data(as_text=True)


def test_organiser_runs_the_allocator_and_downloads_the_outputs(client, db, organiser, booth_event, row_of_booths,
                                                                make_application):
    booths = row_of_booths(booth_event, 3)
    make_application(booth_event, "HTX Một", wishes=[booths[1]], priority=True)
    make_application(booth_event, "HTX Hai", wanted=2)
    base = f"/admin/e/{booth_event.slug}/booths"
    page = client.post(f"{base}/allocate", data={"csrf_token": csrf_token(client, f"{base}/"), "time_limit": "5"})
    assert page.status_code == 303 and "/jobs/" in page.location  # the allocator runs in the background
    text = client.get(page.location).get_data(as_text=True)  # its page, once the (immediate) job ended
    assert "1 trên 1 đơn vị có nguyện vọng được đáp ứng nguyện vọng 1." in text
    assert re.search(r"HTX Hai</a>\s*\(cần 2 gian\): Cần 2 gian trên sơ đồ", text)
    assert "<summary>Chi tiết kỹ thuật</summary>" in text and "cp-sat" not in text.split("Chi tiết kỹ thuật")[0]
    assert booths[1].plan_status == "free"  # a preview: nothing changed yet
    confirm = re.search(r'action="([^"]+/confirm)"', text).group(1)
    done = client.post(confirm, data={"csrf_token": csrf_token(client, page.location)}, follow_redirects=True)
    assert "Đã áp dụng phương án: 1 đơn vị được xếp mới" in done.get_data(as_text=True)
    pdf = client.get(f"{base}/plan.pdf")
    assert pdf.mimetype == "application/pdf" and pdf.data.startswith(b"%PDF")
    csv = client.get(f"{base}/directory.csv")
    assert csv.data.startswith(b"\xef\xbb\xbf") and "A02,HTX Một" in csv.data.decode("utf-8")


def test_organiser_invites_and_approves_exhibitors(client, db, organiser, booth_event, make_cooperative):
    coop = make_cooperative(booth_event, "HTX Chè lam Kiến Thụy", sector="Sản phẩm OCOP")
    url = f"/admin/e/{booth_event.slug}/booths/exhibitors/invite"
    response = client.post(url, data={"csrf_token": csrf_token(client, url), "email": "chelam@example.org",
                                      "full_name": "Vũ Thị Lan", "cooperative_id": coop.id}, follow_redirects=True)
    assert "Đã gửi lời mời tới chelam@example.org" in response.get_data(as_text=True)
    [mail] = outbox_messages()
    link = re.search(r"http://localhost(/exhibitor/password/\S+)", mail["body"]).group(1)
    client.post("/logout", data={"csrf_token": csrf_token(client, "/admin/")})
    form = client.get(link).get_data(as_text=True)
    assert "HTX Chè lam Kiến Thụy" in form
    done = client.post(link, data={"csrf_token": csrf_token(client, link), "password": "mat-khau-che-lam",
                                   "confirm": "mat-khau-che-lam"}, follow_redirects=True)
    assert "Đã đặt mật khẩu" in done.get_data(as_text=True) and "Bạn chưa đăng ký gian hàng" in done.get_data(
        as_text=True)
    assert client.get(link).status_code == 400   # used once


def test_public_sign_up_waits_for_the_organiser(client, db, booth_event, make_user, login):
    url = f"/e/{booth_event.slug}/exhibitors/sign-up"
    data = {"csrf_token": csrf_token(client, url), "cooperative_name": "HTX Nấm sò An Lão", "sector": "Nông nghiệp",
            "products": "Nấm sò", "full_name": "Bùi Văn Nam", "email": "namso@example.org", "phone": "",
            "password": "mat-khau-nam-so", "confirm": "mat-khau-nam-so"}
    assert "đang chờ ban tổ chức duyệt" in client.post(url, data=data).get_data(as_text=True)
    login_page = client.post("/login", data={"csrf_token": csrf_token(client, "/login"), "email": "namso@example.org",
                                             "password": "mat-khau-nam-so"})
    assert login_page.status_code == 200   # refused until approved
    account = db.session.execute(db.select(ExhibitorAccount)).scalar_one()
    login(make_user("admin"))
    base = f"/admin/e/{booth_event.slug}/booths/exhibitors"
    assert "HTX Nấm sò An Lão" in client.get(base).get_data(as_text=True)
    client.post(f"{base}/{account.id}/decide", data={"csrf_token": csrf_token(client, base), "decision": "approve"})
    assert account.user.active


def test_exhibitor_applies_sees_its_booths_and_registers_staff(client, db, booth_event, row_of_booths,
                                                               make_cooperative, make_user, login):
    booths = row_of_booths(booth_event, 3, has_power=True)
    coop = make_cooperative(booth_event, "HTX Thủy sản Cát Bà", sector="Thủy sản", products="Nước mắm")
    login(make_user("exhibitor", cooperative=coop, event=booth_event))
    home = client.get("/exhibitor/").get_data(as_text=True)
    assert "Bạn chưa đăng ký gian hàng" in home
    apply_page = client.get("/exhibitor/application").get_data(as_text=True)
    assert f'value="booth:{booths[1].id}"' in apply_page and 'value="zone:Nông nghiệp"' in apply_page
    client.post("/exhibitor/application", data={
        "csrf_token": csrf_token(client, "/exhibitor/application"), "sector": "Thủy sản", "products": "Nước mắm",
        "booths_wanted": "1", "needs_power": "y", "wish1": f"booth:{booths[1].id}", "wish2": "zone:Nông nghiệp",
        "wish3": "", "wish4": "", "wish5": "", "notes": ""})
    application = applications.application_of(booth_event, coop)
    assert application.status == "submitted" and len(application.preferences) == 2
    application.status = "approved"
    db.session.commit()
    planning.run_allocation(booth_event, time_limit=5, workers=1)
    home = client.get("/exhibitor/").get_data(as_text=True)
    assert "Gian của bạn:" in home and "<strong>A02</strong>" in home
    assert 'class="booth st-assigned mine"' in home
    assert re.search(r'class="met">Gian A02 —\s*<strong>được đáp ứng</strong>', home)
    response = client.post("/exhibitor/staff", data={"csrf_token": csrf_token(client, "/exhibitor/"),
                                                     "full_name": "Phạm Văn Hải", "email": "hai@example.org",
                                                     "phone": ""}, follow_redirects=True)
    assert "Đã đăng ký Phạm Văn Hải làm nhân viên gian hàng" in response.get_data(as_text=True)
    assert "1 / 2" in response.get_data(as_text=True)
    # Staff registered with a phone only: the exhibitor gets the badge link and PDF to pass on.
    response = client.post("/exhibitor/staff", data={"csrf_token": csrf_token(client, "/exhibitor/"),
                                                     "full_name": "Lê Thị Thu", "email": "",
                                                     "phone": "0912 345 678"}, follow_redirects=True)
    home = response.get_data(as_text=True)
    from eventapp.registration.models import Guest

    thu = db.session.execute(db.select(Guest).filter_by(full_name="Lê Thị Thu")).scalar_one()
    assert f'href="/g/{thu.private_token}/badge.pdf"' in home
    assert f"http://localhost/g/{thu.private_token}/" in home


def test_exhibitor_picks_a_free_booth_without_javascript(client, db, booth_event, row_of_booths, make_application,
                                                       exhibitor, login):
    booth_event.booth_self_selection = True
    db.session.commit()
    booths = row_of_booths(booth_event, 2)
    application = make_application(booth_event, "HTX Tự chọn", status="submitted")
    login(exhibitor(application))
    home = client.get("/exhibitor/").get_data(as_text=True)
    assert f'href="/exhibitor/booths/{booths[0].id}/pick"' in home
    confirm = client.get(f"/exhibitor/booths/{booths[0].id}/pick").get_data(as_text=True)
    assert "Chọn gian A01?" in confirm
    response = client.post(f"/exhibitor/booths/{booths[0].id}/pick",
                           data={"csrf_token": csrf_token(client, "/exhibitor/")}, follow_redirects=True)
    assert "Bạn đã chọn gian A01" in response.get_data(as_text=True)
    assert [b.code for b in placement.booths_of(application)] == ["A01"]


def test_an_exhibitor_sees_only_its_own_event(client, db, make_event, booth_event, make_cooperative, make_user,
                                              login):
    other = make_event()
    coop = make_cooperative(other, "HTX Khác")
    login(make_user("exhibitor", cooperative=coop, event=other))
    assert client.get(f"/admin/e/{booth_event.slug}/booths/").status_code == 403
    assert client.get("/exhibitor/").status_code == 200


def test_public_plan_shows_the_exhibitors_without_login(client, db, booth_event, row_of_booths, make_application):
    [booth] = row_of_booths(booth_event, 1)
    placement.assign(booth, make_application(booth_event, "HTX <b>Mật ong</b>", products="Mật ong"))
    page = client.get(f"/e/{booth_event.slug}/booths").get_data(as_text=True)
    assert "<svg" in page and "HTX &lt;b&gt;Mật ong&lt;/b&gt;" in page and "<b>Mật ong</b>" not in page
    event_page = client.get(f"/e/{booth_event.slug}/").get_data(as_text=True)
    assert f"/e/{booth_event.slug}/booths" in event_page and "style=" not in page


def test_an_exhibitors_home_shows_no_guest_counts(client, db, booth_event, row_of_booths, make_application,
                                                  make_guest, exhibitor, login):
    make_guest(booth_event, "Nguyễn Văn An")
    login(exhibitor(make_application(booth_event, "HTX Một")))
    html = client.get("/admin/").get_data(as_text=True)
    assert booth_event.name in html and "Đã đăng ký" not in html and "Đã check-in" not in html
