"""Exhibitor accounts from the registry: invited from the cooperatives list (a one-time link to set
the password), from the command line by the cooperative's name or number, and every exhibitor
account on the event's accounts page, however it was made."""
import html
import re

import pytest

from eventapp.booths import accounts
from eventapp.cooperatives.services import find_cooperative
from eventapp.errors import DomainError, NotFound
from eventapp.mail import outbox_messages
from tests.conftest import csrf_token

BASE = "/admin/cooperatives"


@pytest.fixture
def admin(make_user, organiser, login):
    return login(make_user("admin", organiser=organiser))


def test_the_organiser_invites_an_exhibitor_from_the_cooperatives_list(client, db, admin, organiser, event, add_coop):
    coop = add_coop(organiser, "Hợp tác xã Nông nghiệp Tân Dương", email="tanduong@example.org",
                    representative="Nguyễn Văn Hải")
    listing = html.unescape(client.get(f"{BASE}/").get_data(as_text=True))
    assert f"số {coop.id}" in listing  # the number the command line accepts
    invite_url = f"{BASE}/{coop.id}/invite"
    assert f'href="{invite_url}"' in listing
    form = client.get(invite_url).get_data(as_text=True)
    assert 'value="tanduong@example.org"' in form and 'value="Nguyễn Văn Hải"' in form
    response = client.post(invite_url, data={"csrf_token": csrf_token(client, invite_url), "event_id": event.id,
                                             "email": "tanduong@example.org", "full_name": "Nguyễn Văn Hải"},
                           follow_redirects=True)
    assert "Đã gửi lời mời tới tanduong@example.org" in html.unescape(response.get_data(as_text=True))
    [mail] = outbox_messages()
    assert re.search(r"/exhibitor/password/\S+", mail["body"])  # the one-time link
    assert "tanduong@example.org" in html.unescape(client.get(f"{BASE}/").get_data(as_text=True))
    [account] = accounts.list_accounts(event)
    assert account.cooperative.id == coop.id and account.status == "invited"
    again = client.post(invite_url, data={"csrf_token": csrf_token(client, invite_url), "event_id": event.id,
                                          "email": "khac@example.org", "full_name": ""})
    assert again.status_code == 400 and "đã có tài khoản" in html.unescape(again.get_data(as_text=True))


def test_a_cooperative_is_found_by_name_or_number(db, organiser, add_coop):
    tan_duong = add_coop(organiser, "Hợp tác xã Nông nghiệp Tân Dương")
    assert find_cooperative(organiser, str(tan_duong.id)) == tan_duong
    assert find_cooperative(organiser, "HTX nong nghiep Tan Duong") == tan_duong
    with pytest.raises(NotFound):
        find_cooperative(organiser, "HTX Không Có")
    add_coop(organiser, "HTX Nông nghiệp Tân Dương", district="Kiến An")
    with pytest.raises(DomainError, match="Có 2 hợp tác xã cùng tên"):
        find_cooperative(organiser, "htx nong nghiep tan duong")


def test_the_command_line_invites_an_exhibitor_by_cooperative_name(runner, db, organiser, event, add_coop):
    add_coop(organiser, "Hợp tác xã Thủy sản Cát Bà", district="Cát Hải")
    result = runner.invoke(args=["staff", "invite", "catba@example.org", "--organiser", organiser.slug,
                                 "--role", "exhibitor", "--event", event.slug, "--cooperative", "HTX Thuy san Cat Ba"])
    assert result.exit_code == 0, result.output
    assert "Liên kết đặt mật khẩu:" in result.output
    [account] = accounts.list_accounts(event)
    assert account.user.email == "catba@example.org" and account.cooperative.name == "Hợp tác xã Thủy sản Cát Bà"
    missing = runner.invoke(args=["staff", "invite", "x@example.org", "--organiser", organiser.slug,
                                  "--role", "exhibitor", "--event", event.slug])
    assert missing.exit_code != 0 and "--cooperative" in missing.output


def test_every_exhibitor_account_is_on_the_accounts_page(db, organiser, event, add_coop):
    from eventapp.auth.services import create_user

    coop = add_coop(organiser, "HTX Chè lam Kiến Thụy")
    create_user("chelam@example.org", "exhibitor", "mat-khau-che-lam", event=event, cooperative=coop)
    [row] = accounts.list_accounts(event)
    assert (row.user.email, row.cooperative.name, row.status) == ("chelam@example.org", "HTX Chè lam Kiến Thụy",
                                                                   "active")
