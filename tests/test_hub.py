"""The course on JupyterHub (deploy/jupyterhub/), on this machine: real config, real accounts, real browser.

One hub for the module (its state, learners' homes and system group in a temporary folder; loopback ports;
a short culler timeout). An admin and three learners sign up through NativeAuthenticator's form and the
admin approves the learners. Then: three learners log in at once and each uses the course map; learner A
cannot open B's server or read B's files; A's journey map saved to "my work" is there after A's server is
stopped and started; an idle server is culled; no page asks a third-party host for anything.
Everything the hub started, and every account it created, is removed by PID and name at the end.
"""

from __future__ import annotations

import stat
import subprocess
import time

import pytest
import requests

from tests.conftest import page_error_text, wait_for_app, wait_for_text
from tests.hubtools import Hub, missing_install, why_no_system_users

pytestmark = [pytest.mark.hub, pytest.mark.browser]

CULL_TIMEOUT, CULL_EVERY, ACTIVITY = 30, 5, 5
MAP_TITLE = "Riverside hotel <b>stay</b> & more"
COURSE_MAP = "voila/render/course-map.ipynb"


@pytest.fixture(scope="module")
def hub():
    if (reason := missing_install()) is not None:
        pytest.fail(reason)
    if (reason := why_no_system_users()) is not None:
        pytest.skip(reason)
    server = Hub(cull_timeout=CULL_TIMEOUT, cull_every=CULL_EVERY, activity_interval=ACTIVITY)
    try:
        server.wait_ready()
        server.sign_up_admin()
        server.learners = server.add_learners("abc")
        yield server
    finally:
        server.stop()


def names(hub: Hub) -> list[str]:
    return sorted(hub.learners)


def log_in(gp, hub: Hub, name: str, submit_only: bool = False) -> None:
    page = gp.page
    page.goto(f"{hub.url}/hub/login", wait_until="domcontentloaded")
    page.fill("input[name=username]", name)
    page.fill("input[name=password]", hub.learners[name])
    page.click("input[type=submit], button[type=submit]", no_wait_after=submit_only)


def test_sign_up_needs_an_admins_approval(hub):
    name = hub.learner_name("z")
    password = hub.password()
    message = hub.signup(name, password)
    assert "sent to the admin" in message
    with pytest.raises(AssertionError, match="could not log in"):
        hub.login(name, password)
    hub.authorize(name)
    assert hub.login(name, password).get(f"{hub.url}/hub/api/user", timeout=30).json()["name"] == name


def test_three_learners_log_in_at_once_and_each_uses_the_course_map(hub, guarded):
    pages = {name: guarded() for name in names(hub)}
    started = time.monotonic()
    for name, gp in pages.items():  # all three submit the login form before any app has loaded
        log_in(gp, hub, name, submit_only=True)
    for name, gp in pages.items():
        gp.page.wait_for_url(f"**/user/{name}/{COURSE_MAP}", timeout=120_000)
        wait_for_app(gp, timeout_ms=120_000)
    elapsed = time.monotonic() - started
    for name, gp in pages.items():
        page = gp.page
        page.locator("select").first.select_option(index=2)  # CIM L4
        wait_for_text(page, "LO1: Understand the range of different contexts", timeout=30_000)
        assert page_error_text(gp) == [], name
        assert gp.blocked == [], f"{name}'s pages asked third-party hosts for {gp.blocked[:3]}"
        assert gp.dialogs == []
    print(f"three learners from login to a working course map: {elapsed:.1f} s")
    for name in names(hub):
        assert hub.server(name)["ready"]
        home = hub.home(name)
        assert home.owner() == name and stat.S_IMODE(home.stat().st_mode) == 0o700


def test_learners_get_the_apps_only_with_the_apps_safe_settings(hub):
    a = names(hub)[0]
    hub.start_server(a)
    session = hub.login(a, hub.learners[a])
    r = session.get(f"{hub.url}/user/{a}/{COURSE_MAP}", timeout=120)
    assert r.status_code == 200 and "from widgets.show import" not in r.text  # sources stripped
    csp = r.headers["Content-Security-Policy"]
    assert "script-src 'self' blob: 'sha256-" in csp and "'unsafe-inline'" not in csp.split("style-src")[0]
    for path in ("lab", "tree", "terminals/websocket/1", "api/terminals", "voila/files/course-map.ipynb",
                 "files/course-map.ipynb"):
        assert session.get(f"{hub.url}/user/{a}/{path}", timeout=60).status_code in (403, 404), path


def test_tutors_get_jupyterlab_with_the_live_chapters(hub):
    tutor = hub.admin  # any member of the `tutors` group; here the admin, added as an admin would
    r = hub.api("POST", "/groups/tutors/users", json={"users": [tutor]})
    assert r.status_code == 200, r.text
    hub.start_server(tutor)
    try:
        r = hub.admin_session.get(f"{hub.url}/user/{tutor}/lab/tree/course/chapters", timeout=120)
        assert r.status_code == 200 and "jupyter-config-data" in r.text  # JupyterLab's page
        assert r.headers["Content-Security-Policy"] == "frame-ancestors 'self'"
        chapters = hub.home(tutor) / "course" / "chapters"
        assert chapters.is_dir() and (hub.home(tutor) / "course").is_symlink()
        r = hub.admin_session.get(f"{hub.url}/user/{tutor}/api/contents/course/chapters", timeout=60)
        assert r.status_code == 200 and any(item["name"].startswith("ocr-l2") for item in r.json()["content"])
    finally:
        hub.stop_server(tutor)


def test_a_learner_cannot_open_another_learners_server_or_files(hub):
    a, b = names(hub)[:2]
    hub.start_server(b)
    # B's saved work, as B's server would write it (owned by B, in B's private home)
    work = hub.home(b) / "cx-work"
    secret = work / "journey-map--secret.json"
    subprocess.run(["sh", "-c", f"umask 077; echo '{{}}' > '{secret}'"], user=b, check=True)
    session = hub.login(a, hub.learners[a])
    for path in (f"user/{b}/{COURSE_MAP}", f"user/{b}/api/contents", f"user/{b}/api/kernels",
                 f"hub/user/{b}/{COURSE_MAP}", f"hub/api/users/{b}"):
        r = session.get(f"{hub.url}/{path}", timeout=60)
        assert r.status_code in (403, 404), f"A got HTTP {r.status_code} for {path}"
        assert "Course map" not in r.text
    r = requests.get(f"{hub.url}/hub/api/users/{b}", headers={"Authorization": "token not-a-token"}, timeout=30)
    assert r.status_code == 403
    # on the machine: A's account (the one A's server and kernels run as) cannot list or read B's files
    for cmd in (["ls", str(hub.home(b))], ["cat", str(secret)], ["ls", str(work)]):
        result = subprocess.run(cmd, user=a, capture_output=True, text=True)
        assert result.returncode != 0 and "Permission denied" in result.stderr, cmd


def test_a_saved_journey_map_survives_a_restart_of_the_learners_server(hub, guarded):
    a = names(hub)[0]
    gp = guarded()
    page = gp.page
    log_in(gp, hub, a)
    page.goto(f"{hub.url}/user/{a}/voila/render/journey-builder.ipynb", wait_until="domcontentloaded")
    wait_for_app(gp, timeout_ms=120_000)
    assert gp.axe(".cx-my-work") == []  # the "My saved work" panel: WCAG 2.2 AA by axe-core
    title = page.get_by_label("Title", exact=True)
    title.fill(MAP_TITLE)
    title.press("Tab")  # the title commits when focus leaves the box, and the save button has focus
    assert page.evaluate("() => document.activeElement.innerText.trim()") == "Save to my work"
    assert page.evaluate("() => getComputedStyle(document.activeElement).outlineStyle") != "none"  # visible
    page.keyboard.press("Enter")  # by keyboard alone
    wait_for_text(page, "Saved “Riverside hotel <b>stay</b> & more” in your work folder.", timeout=60_000)
    saved = hub.home(a) / "cx-work" / "journey-map--riverside-hotel-b-stay-b-more.json"
    assert saved.owner() == a and stat.S_IMODE(saved.stat().st_mode) == 0o600

    pid_before = hub.server(a)["state"]["pid"]
    hub.stop_server(a)
    hub.start_server(a)
    assert hub.server(a)["state"]["pid"] != pid_before  # a new server process

    page.goto(f"{hub.url}/user/{a}/voila/render/journey-builder.ipynb", wait_until="domcontentloaded")
    wait_for_app(gp, timeout_ms=120_000)
    saved_list = page.get_by_label("Saved work", exact=True)
    assert MAP_TITLE in saved_list.inner_text().replace("\xa0", " ")  # Voila shows spaces as no-break spaces
    page.get_by_role("button", name="Open from my work").click()
    wait_for_text(page, "Opened “Riverside hotel <b>stay</b> & more” from your work folder.", timeout=60_000)
    assert page.locator("b", has_text="stay").count() == 0  # the title was escaped, never markup
    assert page_error_text(gp) == [] and gp.blocked == []


def test_an_idle_server_is_culled(hub):
    c = names(hub)[2]  # C used the course map in the login test and has done nothing since
    if hub.server(c) is None:  # culled already: the log must say the culler did it
        assert f"Culling server {c}" in hub.log_text()
        return
    waited = hub.wait_server(c, running=False, timeout=CULL_TIMEOUT + 4 * CULL_EVERY + 60)
    assert f"Culling server {c}" in hub.log_text(), hub.log_text()[-2000:]
    print(f"{c}'s idle server was culled {waited:.0f} s into this test")
