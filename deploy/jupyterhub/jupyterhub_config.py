# JupyterHub for a study centre's own machine: every learner signs up, a tutor approves them, and each gets
# their own single-user server running as their own system user, showing the course's Voila apps.
# Tutors (JupyterHub group `tutors`) get JupyterLab with the live chapters. deploy/README.md explains it all.
#
# Everything that differs between machines comes from environment variables, so this file holds no
# password, no secret and no name of a person:
#
#   CX_HUB_STATE_DIR     required: the hub's state (sqlite database, cookie secret, proxy pid), outside the
#                        repository, e.g. /var/lib/cx-hub (created with mode 0700)
#   CX_HUB_ADMIN         the first admin's username (comma-separate several), or
#   CX_HUB_ADMIN_FILE    a file (outside the repository) with one admin username per line
#   CX_HUB_TUTORS        usernames put in the `tutors` group at start (comma-separated; optional: admins
#                        manage the group in the hub's admin page)
#   CX_HUB_IP, CX_HUB_PORT                     where learners connect (default 127.0.0.1:8000)
#   CX_HUB_API_PORT, CX_HUB_PROXY_API_PORT     the hub's and the proxy's internal ports (8081, 8001)
#   CX_HUB_HOME_ROOT     where learners' home directories are created (default /home)
#   CX_HUB_SYSTEM_GROUP  the system group of the accounts the hub creates (default cx-learners)
#   CX_HUB_CULL_TIMEOUT  seconds of inactivity before a learner's server is stopped (default 3600)
#   CX_HUB_CULL_EVERY    how often the culler looks, in seconds (default 300)
#   CX_HUB_ACTIVITY_INTERVAL  how often servers and the proxy report activity, in seconds (default 300)
#   CX_HUB_SINGLEUSER_PYTHON  the Python learners' servers run (default: the hub's own, the course's .venv);
#                        every learner account must be able to run it: learner_python.py finds or makes one
#
# Run as root, the hub creates one system account per learner on their first start (home directory mode
# 0700, so no learner can read another's work). Run as an ordinary user (a trial of `make hub` without
# root), every learner's server runs as that user with a home under CX_HUB_STATE_DIR: no isolation, and the
# hub says so in its log.

import grp
import os
import pwd
import re
import subprocess
import sys
from pathlib import Path

import nativeauthenticator

c = get_config()  # noqa: F821 (defined by traitlets when it runs a config file)

HERE = Path(__file__).resolve().parent
COURSE = HERE.parent.parent  # the course, installed once and read-only for learners
VENV = Path(sys.prefix)  # the hub runs from the course's .venv (make hub)
SINGLEUSER_CONFIG = HERE / "singleuser"
AS_ROOT = os.geteuid() == 0


def env(name: str, default: str = "") -> str:
    return os.environ.get(name, default).strip()


def env_seconds(name: str, default: int) -> int:
    value = env(name, str(default))
    if not value.isdigit() or int(value) < 1:
        sys.exit(f"{name} must be a whole number of seconds (at least 1), not {value!r}")
    return int(value)


def names(text: str) -> set[str]:
    return {n.strip().lower() for n in re.split(r"[,\s]+", text) if n.strip()}


# -- state outside the repository --------------------------------------------------------------------------
if not env("CX_HUB_STATE_DIR"):
    sys.exit("Set CX_HUB_STATE_DIR to a directory outside the repository for the hub's database and cookie "
             "secret (e.g. /var/lib/cx-hub); `make hub` sets one for a trial.")
STATE = Path(env("CX_HUB_STATE_DIR")).expanduser().resolve()
if STATE == COURSE or COURSE in STATE.parents:
    sys.exit(f"CX_HUB_STATE_DIR ({STATE}) is inside the course repository; choose a directory outside it.")
STATE.mkdir(parents=True, exist_ok=True)
STATE.chmod(0o700)
c.JupyterHub.db_url = f"sqlite:///{STATE / 'jupyterhub.sqlite'}"
c.JupyterHub.cookie_secret_file = str(STATE / "jupyterhub_cookie_secret")
c.ConfigurableHTTPProxy.pid_file = str(STATE / "jupyterhub-proxy.pid")

# -- network: loopback unless the centre says otherwise (put HTTPS in front: deploy/README.md) -------------
c.JupyterHub.ip = env("CX_HUB_IP", "127.0.0.1")
c.JupyterHub.port = int(env("CX_HUB_PORT", "8000"))
c.JupyterHub.hub_ip = "127.0.0.1"
c.JupyterHub.hub_port = int(env("CX_HUB_API_PORT", "8081"))
c.ConfigurableHTTPProxy.api_url = f"http://127.0.0.1:{int(env('CX_HUB_PROXY_API_PORT', '8001'))}"
c.ConfigurableHTTPProxy.command = [str(HERE / "node_modules" / ".bin" / "configurable-http-proxy")]

# -- who may log in: NativeAuthenticator, sign-up approved by an admin --------------------------------------
admins = names(env("CX_HUB_ADMIN"))
if env("CX_HUB_ADMIN_FILE"):
    admin_file = Path(env("CX_HUB_ADMIN_FILE")).expanduser().resolve()
    if COURSE in admin_file.parents:
        sys.exit(f"CX_HUB_ADMIN_FILE ({admin_file}) is inside the repository; keep it outside.")
    admins |= names(admin_file.read_text(encoding="utf-8"))
if not admins:
    sys.exit("Name the first admin: CX_HUB_ADMIN=<username> or CX_HUB_ADMIN_FILE=<file outside the "
             "repository>. That person signs up at /hub/signup with a password of their own choosing.")

USERNAME = r"[a-z][a-z0-9_-]{1,30}"  # also a valid system account name
c.JupyterHub.authenticator_class = "nativeauthenticator.NativeAuthenticator"
c.JupyterHub.template_paths = [str(Path(nativeauthenticator.__file__).parent / "templates")]
c.Authenticator.admin_users = admins
c.Authenticator.allow_all = True  # NativeAuthenticator itself refuses anyone an admin has not approved
c.Authenticator.username_pattern = f"^{USERNAME}$"
c.NativeAuthenticator.open_signup = False
c.NativeAuthenticator.minimum_password_length = 10
c.NativeAuthenticator.check_common_password = True
c.NativeAuthenticator.allowed_failed_logins = 5
c.NativeAuthenticator.seconds_before_next_try = 300

TUTORS = "tutors"
c.JupyterHub.load_groups = {TUTORS: {"users": sorted(names(env("CX_HUB_TUTORS")))}}

# -- idle servers are stopped by jupyterhub-idle-culler, a service the hub runs ------------------------------
cull_timeout = env_seconds("CX_HUB_CULL_TIMEOUT", 3600)
cull_every = env_seconds("CX_HUB_CULL_EVERY", 300)
activity_interval = env_seconds("CX_HUB_ACTIVITY_INTERVAL", 300)
c.JupyterHub.last_activity_interval = activity_interval
c.JupyterHub.services = [{
    "name": "idle-culler",
    "command": [sys.executable, "-m", "jupyterhub_idle_culler", f"--timeout={cull_timeout}",
                f"--cull-every={cull_every}"],
}]
c.JupyterHub.load_roles = [{
    "name": "idle-culler",
    "scopes": ["list:users", "read:users:activity", "read:servers", "delete:servers"],
    "services": ["idle-culler"],
}]

# -- each learner's own server -----------------------------------------------------------------------------
HOME_ROOT = Path(env("CX_HUB_HOME_ROOT", "/home"))
SYSTEM_GROUP = env("CX_HUB_SYSTEM_GROUP", "cx-learners")
WORK_SUBDIR = "cx-work"
COURSE_MAP = "/voila/render/course-map.ipynb"

c.JupyterHub.spawner_class = "localprocess" if AS_ROOT else "jupyterhub.spawner.SimpleLocalProcessSpawner"
if not AS_ROOT:
    c.SimpleLocalProcessSpawner.home_dir_template = str(STATE / "homes" / "{username}")
c.Spawner.cmd = [env("CX_HUB_SINGLEUSER_PYTHON", sys.executable), "-m", "jupyterhub.singleuser"]
c.Spawner.start_timeout = 120  # a whole class starting at once on a small machine
c.Spawner.http_timeout = 120
c.Spawner.environment = {
    # the single-user config (Voila settings from config/voila/voila.json, learner or tutor)
    # (and the .venv's own Jupyter folders, named in case the server runs learner_python.py's overlay)
    "JUPYTER_CONFIG_PATH": os.pathsep.join([str(SINGLEUSER_CONFIG), str(VENV / "etc" / "jupyter")]),
    "JUPYTER_PATH": os.pathsep.join([str(COURSE / "share" / "jupyter"),  # the `cx` Voila template
                                     str(VENV / "share" / "jupyter")]),
    "PYDEVD_DISABLE_FILE_VALIDATION": "1",
    "JUPYTERHUB_ACTIVITY_INTERVAL": str(activity_interval),
}


def ensure_system_user(name: str) -> pwd.struct_passwd:
    """The learner's system account, created on their first start (home directory mode 0700). An existing
    account that the hub did not create (not in SYSTEM_GROUP) is refused: the hub never starts a server as
    root or as another person's account just because someone signed up with that name."""
    if not re.fullmatch(USERNAME, name):
        raise ValueError(f"{name!r} cannot be a system account name")
    try:
        group = grp.getgrnam(SYSTEM_GROUP)
    except KeyError:
        subprocess.run(["groupadd", "--system", SYSTEM_GROUP], check=True)
        group = grp.getgrnam(SYSTEM_GROUP)
    try:
        account = pwd.getpwnam(name)
    except KeyError:
        HOME_ROOT.mkdir(parents=True, exist_ok=True)
        subprocess.run(["useradd", "--create-home", "--home-dir", str(HOME_ROOT / name), "--gid", SYSTEM_GROUP,
                        "--shell", "/usr/sbin/nologin", "--comment", "CX course learner", name], check=True)
        account = pwd.getpwnam(name)
        os.chmod(account.pw_dir, 0o700)
    if account.pw_gid != group.gr_gid:
        raise PermissionError(f"the system account {name!r} exists and was not made by the hub (it is not in "
                              f"the {SYSTEM_GROUP!r} group), so the hub will not start a server as it")
    return account


def prepare_home(spawner, home: Path, uid: int, gid: int, tutor: bool) -> Path:
    """~/cx-work (the learner's saved work, mode 0700) and, for a tutor, ~/course (the live chapters)."""
    work = home / WORK_SUBDIR
    work.mkdir(mode=0o700, exist_ok=True)
    os.chown(work, uid, gid)
    if tutor:
        link = home / "course"
        if not link.is_symlink() and not link.exists():
            link.symlink_to(COURSE, target_is_directory=True)
            os.lchown(link, uid, gid)
    return work


def pre_spawn_hook(spawner) -> None:
    name = spawner.user.name
    tutor = any(g.name == TUTORS for g in spawner.user.groups)
    if AS_ROOT:
        account = ensure_system_user(name)
        home, uid, gid = Path(account.pw_dir), account.pw_uid, account.pw_gid
    else:
        spawner.log.warning("The hub is not running as root: %s's server runs as %s, with no isolation between "
                            "learners (a trial only).", name, pwd.getpwuid(os.geteuid()).pw_name)
        home, uid, gid = Path(spawner.home_dir), os.geteuid(), os.getegid()
        home.mkdir(mode=0o700, parents=True, exist_ok=True)
    work = prepare_home(spawner, home, uid, gid, tutor)
    # assign new values: the configured dict and list are shared by every spawner
    spawner.environment = {**spawner.environment, "CX_WORK_DIR": str(work),
                           "CX_HUB_ROLE": "tutor" if tutor else "learner"}
    spawner.disable_user_config = not tutor  # a learner's ~/.jupyter cannot turn JupyterLab back on
    if tutor:
        spawner.notebook_dir = str(home)
        spawner.default_url = "/lab/tree/course/chapters"
    else:
        spawner.notebook_dir = str(COURSE / "dashboards")
        spawner.default_url = COURSE_MAP


c.Spawner.pre_spawn_hook = pre_spawn_hook
c.Spawner.default_url = COURSE_MAP
