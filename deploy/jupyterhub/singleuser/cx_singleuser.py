"""A handler for a learner's single-user server: ``/files/…`` answers 404 (loaded by jupyter_server_config.py).

Voila serves no files (``file_denylist`` in config/voila/voila.json); the Jupyter server under it has a
``/files/`` handler of its own, which would send the app notebooks as they are. A learner's server needs
none, so ``ContentsManager.files_handler_class`` is this one."""

import tornado.web


class NoFilesHandler(tornado.web.RequestHandler):
    def initialize(self, **_params) -> None:  # the server passes the files handler a `path`
        pass

    def get(self, path: str = "", *args) -> None:
        raise tornado.web.HTTPError(404)

    head = get
