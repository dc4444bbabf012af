"""The course's JupyterHub (deploy/jupyterhub/) started for a test or a benchmark, and a client for it.

:class:`Hub` runs ``jupyterhub`` with the real configuration, everything machine-specific pointed into a
temporary folder (state, learners' home directories, a system group of its own), on free loopback ports.
:meth:`Hub.stop` stops the hub by its PID (the hub then stops every learner's server, the proxy and the
culler), then ends any process it left by PID and removes every system account, home directory and group
it created. Used by ``tests/test_hub.py`` and ``benchmarks/hub.py``.
"""

from __future__ import annotations

import contextlib
import grp
import os
import pwd
import re
import secrets
import shutil
import signal
import stat
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import requests

from tests.conftest import ROOT, ServerProcess, free_port

HUB_DIR = ROOT / "deploy" / "jupyterhub"
CONFIG = HUB_DIR / "jupyterhub_config.py"
PROXY = HUB_DIR / "node_modules" / ".bin" / "configurable-http-proxy"
LEARNER_PYTHON_OVERLAY = ROOT / ".venv-learners"  # the same overlay `make hub` uses (gitignored)
PASSWORD_CHARS = "abcdefghjkmnpqrstuvwxyz23456789"


def missing_install() -> str | None:
    """Why the hub cannot start from this checkout, or None (``make hub-install`` installs it)."""
    try:
        import jupyterhub  # noqa: F401
        import jupyterhub_idle_culler  # noqa: F401
        import nativeauthenticator  # noqa: F401
    except ImportError as exc:
        return f"{exc.name} is not installed: run `make hub-install` (make test does)"
    if not PROXY.exists():
        return f"{PROXY} is missing: run `make hub-install` (make test does)"
    return None


def why_no_system_users() -> str | None:
    """Why this process cannot give each learner a system account, or None."""
    if os.geteuid() != 0:
        return ("needs root: the hub creates one system account per learner (useradd) and starts each server as "
                "that account; run the tests as root (CI does)")
    for tool in ("useradd", "userdel", "groupadd", "groupdel"):
        if shutil.which(tool) is None:
            return f"needs {tool} to create and remove learners' system accounts"
    for path in (ROOT, *ROOT.parents):
        if not os.stat(path).st_mode & stat.S_IXOTH:
            return (f"learners' accounts cannot reach the course at {ROOT}: {path} is not searchable by other "
                    "accounts (a centre installs the course where every account can read it, e.g. /opt)")
    return None


def learner_python() -> str:
    out = subprocess.run([sys.executable, str(HUB_DIR / "learner_python.py"), str(LEARNER_PYTHON_OVERLAY)],
                         check=True, capture_output=True, text=True)
    return out.stdout.strip().splitlines()[-1]


class Hub(ServerProcess):
    """The hub with the course's configuration; ``admin`` has a token for the REST API once signed up."""

    def __init__(self, *, cull_timeout: int = 3600, cull_every: int = 300, activity_interval: int = 300,
                 admin: str | None = None):
        self.tag = secrets.token_hex(3)
        self.base = Path(tempfile.mkdtemp(prefix=f"cx-hub-{self.tag}-", dir="/tmp"))
        os.chmod(self.base, 0o755)  # learners' accounts pass through it to their own home directories
        self.homes = self.base / "home"
        self.group = f"cxt{self.tag}"
        self.admin = admin or f"cxadmin{self.tag}"
        self.admin_password = self.password()
        self.token: str | None = None
        self.users: set[str] = set()
        port = free_port()
        env = {k: v for k, v in os.environ.items() if not k.startswith(("CX_HUB_", "JUPYTERHUB_"))}
        env.update(
            CX_HUB_STATE_DIR=str(self.base / "state"), CX_HUB_ADMIN=self.admin, CX_HUB_PORT=str(port),
            CX_HUB_API_PORT=str(free_port()), CX_HUB_PROXY_API_PORT=str(free_port()), CX_HUB_HOME_ROOT=str(self.homes),
            CX_HUB_SYSTEM_GROUP=self.group, CX_HUB_CULL_TIMEOUT=str(cull_timeout), CX_HUB_CULL_EVERY=str(cull_every),
            CX_HUB_ACTIVITY_INTERVAL=str(activity_interval), CX_HUB_SINGLEUSER_PYTHON=learner_python())
        env.pop("CX_WORK_DIR", None)
        cmd = [str(Path(sys.executable).with_name("jupyterhub")), f"--config={CONFIG}"]
        super().__init__("jupyterhub", cmd, port, "/hub/api/", cwd=self.base, env=env,
                         log_path=self.base / "hub.log")

    def wait_ready(self, timeout: float = 90.0) -> None:
        """Until the hub itself answers through the proxy (the proxy alone answers 503 at first)."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"the hub exited early; log:\n{self._log_tail()}")
            with contextlib.suppress(requests.RequestException):
                if requests.get(self.url + "/hub/api/", timeout=5).status_code == 200:
                    return
            time.sleep(0.3)
        raise RuntimeError(f"the hub did not start in {timeout:.0f} s; log:\n{self._log_tail()}")

    # -- accounts
    @staticmethod
    def password() -> str:
        return "".join(secrets.choice(PASSWORD_CHARS) for _ in range(16))

    def learner_name(self, letter: str) -> str:
        return f"cx{self.tag}{letter}"

    def _form(self, session: requests.Session, path: str, data: dict, **kw) -> requests.Response:
        page = session.get(self.url + path, timeout=30)
        match = re.search(r'name="_xsrf" value="([^"]+)"', page.text)
        return session.post(self.url + path, data={"_xsrf": match.group(1) if match else "", **data}, timeout=60,
                            **kw)

    def signup(self, name: str, password: str) -> str:
        """Sign up through NativeAuthenticator's form, as a learner does; return the page's message."""
        r = self._form(requests.Session(), "/hub/signup", {"username": name, "signup_password": password,
                                                           "signup_password_confirmation": password})
        r.raise_for_status()
        self.users.add(name)
        return r.text

    def login(self, name: str, password: str) -> requests.Session:
        session = requests.Session()
        r = self._form(session, "/hub/login", {"username": name, "password": password}, allow_redirects=False)
        if r.status_code != 302:
            raise AssertionError(f"{name} could not log in (HTTP {r.status_code})")
        return session

    def sign_up_admin(self) -> None:
        """The first admin signs up (approved at once, being named in CX_HUB_ADMIN) and makes an API token."""
        self.signup(self.admin, self.admin_password)
        self.admin_session = self.login(self.admin, self.admin_password)
        r = self.admin_session.post(f"{self.url}/hub/api/users/{self.admin}/tokens",
                                    json={"note": "tests", "expires_in": 3600},
                                    headers={"X-XSRFToken": self.admin_session.cookies.get("_xsrf", "")}, timeout=30)
        r.raise_for_status()
        self.token = r.json()["token"]

    def authorize(self, name: str) -> None:
        """The admin approves a sign-up on NativeAuthenticator's authorisation page."""
        r = self.admin_session.get(f"{self.url}/hub/authorize/{name}", allow_redirects=False, timeout=30)
        if r.status_code != 302:
            raise AssertionError(f"authorising {name} answered HTTP {r.status_code}")

    def add_learners(self, letters: str) -> dict[str, str]:
        """Sign up one learner per letter, approve each; return {username: password}."""
        accounts = {self.learner_name(letter): self.password() for letter in letters}
        for name, password in accounts.items():
            self.signup(name, password)
            self.authorize(name)
        return accounts

    # -- the REST API with the admin's token
    def api(self, method: str, path: str, **kw) -> requests.Response:
        return requests.request(method, f"{self.url}/hub/api{path}", headers={"Authorization": f"token {self.token}"},
                                timeout=60, **kw)

    def server(self, name: str) -> dict | None:
        return self.api("GET", f"/users/{name}").json().get("servers", {}).get("")

    def wait_server(self, name: str, running: bool, timeout: float = 120) -> float:
        """Wait until ``name``'s server is ready (``running``) or gone; return the seconds waited."""
        start = time.monotonic()
        while time.monotonic() - start < timeout:
            server = self.server(name)
            if (server is not None and server.get("ready")) == running and (running or server is None):
                return time.monotonic() - start
            time.sleep(0.5)
        raise AssertionError(f"{name}'s server was not {'ready' if running else 'stopped'} after {timeout:.0f} s;"
                             f" hub log:\n{self._log_tail()}")

    def start_server(self, name: str) -> None:
        if self.server(name) is None:
            r = self.api("POST", f"/users/{name}/server")
            assert r.status_code in (201, 202), r.text
        self.wait_server(name, running=True)

    def stop_server(self, name: str) -> None:
        if self.server(name) is not None:
            r = self.api("DELETE", f"/users/{name}/server")
            assert r.status_code in (202, 204), r.text
        self.wait_server(name, running=False)

    def home(self, name: str) -> Path:
        return Path(pwd.getpwnam(name).pw_dir)

    def log_text(self) -> str:
        return self.log_path.read_text(errors="replace")

    # -- stopping everything
    def stop(self) -> None:
        """Stop the hub by its PID (it stops learners' servers, the proxy and the culler), end anything left by
        PID, and remove the accounts, homes and group the hub created."""
        import psutil

        try:
            left = psutil.Process(self.proc.pid).children(recursive=True) if self.proc.poll() is None else []
        except psutil.NoSuchProcess:
            left = []
        if self.proc.poll() is None:
            with contextlib.suppress(ProcessLookupError):
                os.kill(self.proc.pid, signal.SIGTERM)  # the hub cleans up its servers and proxy on SIGTERM
            try:
                self.proc.wait(timeout=45)
            except subprocess.TimeoutExpired:
                with contextlib.suppress(ProcessLookupError):
                    os.kill(self.proc.pid, signal.SIGKILL)
                self.proc.wait(timeout=10)
        super().stop()
        uids = set()
        for name in self.users:
            with contextlib.suppress(KeyError):
                account = pwd.getpwnam(name)
                if account.pw_gid == _gid(self.group):  # only accounts the hub made for this run
                    uids.add(account.pw_uid)
        for proc in left + [p for p in psutil.process_iter(["uids"]) if p.info["uids"] and p.info["uids"].real in uids]:
            with contextlib.suppress(psutil.Error):
                proc.kill()
        for name in sorted(self.users):
            with contextlib.suppress(KeyError):
                if pwd.getpwnam(name).pw_gid == _gid(self.group):
                    subprocess.run(["userdel", name], check=False, capture_output=True)
        if _gid(self.group) is not None:
            subprocess.run(["groupdel", self.group], check=False, capture_output=True)
        if os.environ.get("CX_KEEP_HUB_LOG"):
            print(f"hub log kept at {self.log_path}")
            shutil.rmtree(self.homes, ignore_errors=True)
        else:
            shutil.rmtree(self.base, ignore_errors=True)


def _gid(group: str) -> int | None:
    try:
        return grp.getgrnam(group).gr_gid
    except KeyError:
        return None
