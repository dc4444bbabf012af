# The single-user server's configuration under the hub (deploy/jupyterhub/jupyterhub_config.py puts this
# folder on JUPYTER_CONFIG_PATH). Voila runs as a Jupyter server extension, with the settings of
# config/voila/voila.json read from that file, so the hub and `make dashboards` cannot drift apart.
#
# CX_HUB_ROLE=learner (the default): the Voila apps only. No JupyterLab, no classic notebook, no terminals,
# no /files/,
# and the apps' Content-Security-Policy and other response headers on every page of the server.
# CX_HUB_ROLE=tutor: JupyterLab with the live chapters, terminals, and Voila as well.
import json
import os
import sys
from pathlib import Path

c = get_config()  # noqa: F821 (defined by traitlets when it runs a config file)

COURSE = Path(__file__).resolve().parents[3]
VOILA = json.loads((COURSE / "config" / "voila" / "voila.json").read_text(encoding="utf-8"))

# Only what the server extension understands: the pool and preheat settings are the standalone Voila
# app's (its own kernel manager); in a single-user server each app a learner opens starts one kernel.
APP_ONLY = {"preheat_kernel", "default_pool_size"}
c.VoilaConfiguration.update({k: v for k, v in VOILA["VoilaConfiguration"].items() if k not in APP_ONLY})
c.VoilaExecutor.update(VOILA["VoilaExecutor"])
c.MappingKernelManager.update(VOILA["MappingKernelManager"])

role = os.environ.get("CX_HUB_ROLE", "learner")
c.ServerApp.terminals_enabled = role == "tutor"
tornado = dict(VOILA["Voila"]["tornado_settings"])
# As in the standalone app (whose Voila.mathjax_url is None): no MathJax URL, so Voila's front end does not
# fetch MathJax from its default, a third-party CDN. The apps show no TeX.
tornado.update(mathjax_url=None, mathjax_config=None)
if role != "tutor":
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    c.ContentsManager.files_handler_class = "cx_singleuser.NoFilesHandler"  # no /files/ either
    c.ServerApp.jpserver_extensions = {
        "voila": True, "jupyterlab": False, "notebook": False, "nbclassic": False, "jupyter_lsp": False,
        "jupyter_server_terminals": False, "notebook_shim": False,
    }
else:
    # JupyterLab runs inline scripts the apps' policy forbids; keep only the framing rule and the rest.
    headers = {k: v for k, v in tornado["headers"].items() if k != "Content-Security-Policy"}
    tornado["headers"] = {**headers, "Content-Security-Policy": "frame-ancestors 'self'"}
c.ServerApp.tornado_settings = tornado
