"""Two fixes to the standalone Voila 0.5 server, loaded by ``voila.py`` in this folder.

Without them two kinds of URL answer "500 Internal Server Error" (and log a traceback):

- ``/voila/templates/<anything that is not <template>/static/<file>>``, e.g.
  ``/voila/templates/cx/index.html.j2``: Voila's ``TemplateStaticFileHandler.parse_url_path`` unpacks
  ``path.split("/", 2)`` into three names and asserts the second is ``static``; any other path raises
  ``ValueError`` or ``AssertionError``, which tornado turns into a 500. ``TemplateStaticHandler`` below
  answers 404 for those paths (and for ``.``/``..`` segments, which Voila normalises into the same
  error) and leaves every real template asset to Voila's handler.
- ``/logout``: jupyter_server's identity provider always registers its ``LogoutHandler``, whose page
  (``logout.html``) calls ``static_url``, which needs a tornado ``static_path`` setting that the
  standalone Voila app does not have; the error page fails the same way. Voila has no logins (see the
  README's study-centre section), so ``CourseIdentityProvider`` registers no logout page and ``/logout``
  gets tornado's plain 404.

Voila offers no setting to add a request handler ahead of its own, and its routes are fixed in
``Voila.init_handlers``. The identity provider is the one class Voila lets configuration replace
(``Voila.identity_provider_class``) whose ``get_handlers`` runs after the tornado application exists and
before Voila adds its routes, so ``CourseIdentityProvider`` adds its 404 rule there: tornado tries rules
added earlier first. Everything else is jupyter_server's default provider (no token, no login).
tests/test_voila.py checks both URLs answer 404 with no traceback.
"""

from __future__ import annotations

import tornado.web
from jupyter_server.auth.identity import PasswordIdentityProvider
from jupyter_server.utils import url_path_join
from voila.static_file_handler import TemplateStaticFileHandler


class TemplateStaticHandler(TemplateStaticFileHandler):
    """Voila's template asset handler, answering 404 (not 500) for a path that is not
    ``<template>/static/<file>``."""

    def parse_url_path(self, path: str) -> str:
        parts = path.split("/")
        if (len(parts) < 3 or parts[1] != "static" or "\\" in path
                or any(part in ("", ".", "..") for part in parts)):
            raise tornado.web.HTTPError(404)
        return super().parse_url_path(path)


class CourseIdentityProvider(PasswordIdentityProvider):
    """jupyter_server's default identity provider without a logout page, which also routes
    ``/voila/templates/…`` to :class:`TemplateStaticHandler` ahead of Voila's own handler."""

    @property
    def logout_available(self) -> bool:
        return False

    def get_handlers(self) -> list:
        voila_app = self.parent
        application = getattr(voila_app, "app", None)
        if isinstance(application, tornado.web.Application):  # the standalone Voila app
            server_url = getattr(voila_app, "server_url", None) or getattr(voila_app, "base_url", "/")
            application.add_handlers(".*$", [
                (url_path_join(server_url, r"/voila/templates/(.*)"), TemplateStaticHandler),
            ])
        return super().get_handlers()
