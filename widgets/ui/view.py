"""The one guard between a learner's input and the kernel, and the base every live view builds on.

DESIGN.md: bad input never shows a traceback; models raise ``ValueError`` with a sentence a learner
understands and views show it next to the field. This module makes that hold for every view, present
and future, at two levels:

* **Each callback.** Views register callbacks only through :meth:`View.on_click` and
  :meth:`View.on_change` (``tests/test_hostile_input.py`` fails if ``widgets/ui`` calls ipywidgets'
  ``on_click``/``observe`` any other way). The callback runs inside :func:`guarded`: a ``ValueError``
  that the view did not catch itself, or any other exception, becomes a message in the error area
  beside the control (:func:`learner_message` words it by kind: too large, nested too deeply, not
  readable text, …), the full traceback goes to the server's log only (:func:`log_server_only`), and
  nothing the learner typed is touched.
* **Every widget message.** A browser can send any state for any widget (a choice that is not in the
  list, a malformed date), and ipywidgets rejects it while *setting* the value, before any callback
  runs. :func:`install_kernel_guard` wraps ipywidgets' ``Widget._handle_msg`` once per kernel so such an
  error is logged on the server only, the front end is sent the kernel's value back, and, if the widget
  belongs to a view, the view shows a message beside it. Without it ipykernel writes the traceback to
  the kernel's stderr, which it forwards to the browser as a websocket ``stream`` message.

Every concrete :class:`View` subclass names an ``example()`` that builds it with course data: the
hostile-input test finds them all by walking the subclasses, so a new view joins the test by existing.
"""

from __future__ import annotations

import functools
import html
import logging
import os
import sys
import weakref
from collections.abc import Callable
from typing import Any, ClassVar

import ipywidgets as w
import traitlets

from widgets.ui.common import error_html

LOG = logging.getLogger("widgets.ui")

UNEXPECTED = ("The course could not use that, so nothing was changed. Everything you entered is kept: "
              "check the value you changed last and try again. If this keeps happening, tell your tutor.")
NOT_AN_OPTION = "That is not one of the choices offered. Choose again from the list; nothing was changed."

Where = w.HTML | Callable[[str], None]


def learner_message(exc: BaseException) -> str:
    """What to tell a learner about an exception no model turned into a sentence of its own."""
    if isinstance(exc, RecursionError):
        return ("That is nested too deeply for the course to read. Check that the file is one the course "
                "saved, or simplify it.")
    if isinstance(exc, OverflowError):
        return ("That value is too large for the course to work with (a number with too many digits, or a "
                "date too far in the past or future). Try a smaller number or a nearer date.")
    if isinstance(exc, MemoryError):
        return "That is too large for the course to work with. Try a smaller file or fewer entries."
    if isinstance(exc, UnicodeError):
        return "The course could not read the text in that file. Save it as UTF-8 text and try again."
    return UNEXPECTED


# -- logging on the server only --------------------------------------------------------------------
class _ServerOnlyHandler(logging.Handler):
    """Writes to the kernel process's real stderr, which the Jupyter or Voila server logs.

    In a kernel, ``sys.stderr`` is ipykernel's ``OutStream``: anything written to it, or to file
    descriptor 2 (which ipykernel captures), is also sent to the browser. ``OutStream.fileno()`` answers
    with its copy of the original descriptor, so writing there reaches the server's log and nothing else.
    Outside a kernel (tests, scripts) this is the process's stderr."""

    def emit(self, record: logging.LogRecord) -> None:
        try:
            line = (self.format(record) + "\n").encode("utf-8", "replace")
            os.write(_server_stderr_fd(), line)
        except Exception:  # logging must never raise into a callback  # noqa: BLE001
            pass


def _server_stderr_fd() -> int:
    stream = sys.stderr
    if type(stream).__module__.startswith("ipykernel"):
        try:
            return stream.fileno()  # the kernel's copy of the original fd 2, not the captured one
        except (OSError, ValueError):
            pass
    try:
        return sys.__stderr__.fileno() if sys.__stderr__ is not None else 2
    except (OSError, ValueError):
        return 2


def _configure_logging() -> None:
    if any(isinstance(h, _ServerOnlyHandler) for h in LOG.handlers):
        return
    handler = _ServerOnlyHandler()
    handler.setFormatter(logging.Formatter("[widgets.ui %(levelname)s %(asctime)s] %(message)s"))
    LOG.addHandler(handler)
    LOG.setLevel(logging.INFO)
    LOG.propagate = False  # a root handler could be ipykernel's, which would send it to the browser


def log_server_only(exc: BaseException, where: str) -> None:
    """Log ``exc`` with its traceback where only the server's operator sees it."""
    _configure_logging()
    LOG.error("unexpected %s in %s", type(exc).__name__, where, exc_info=(type(exc), exc, exc.__traceback__))


# -- the guard ----------------------------------------------------------------------------------------
def _show(where: Where, message: str) -> None:
    if isinstance(where, w.HTML):
        where.value = error_html(message)
    else:
        where(message)


def guarded(callback: Callable[..., Any], where: Where, on_error: Callable[[], None] | None = None):
    """``callback`` wrapped so that no exception leaves it: the learner gets a message at ``where``
    (an error area or a function taking the message), the server's log gets the traceback, and
    ``on_error`` (if given) can clear a result that no longer matches the inputs."""

    @functools.wraps(callback)
    def run(*args: Any, **kwargs: Any) -> Any:
        try:
            return callback(*args, **kwargs)
        except Exception as exc:  # noqa: BLE001 - the point of the guard
            log_server_only(exc, getattr(callback, "__qualname__", repr(callback)))
            try:
                _show(where, learner_message(exc))
                if on_error is not None:
                    on_error()
            except Exception as inner:  # noqa: BLE001
                log_server_only(inner, "showing an error message")
            return None

    run.__cx_guarded__ = True  # type: ignore[attr-defined]
    return run


# Widgets that belong to a view, with where to report a bad value the browser sent for them.
_REPORT_TO: weakref.WeakKeyDictionary[w.Widget, Where] = weakref.WeakKeyDictionary()


def report_to(widget: w.Widget, where: Where) -> None:
    """Say where a bad value sent by the browser for ``widget`` is reported."""
    _REPORT_TO[widget] = where


def _guarded_handle_msg(original: Callable[..., Any]):
    @functools.wraps(original)
    def _handle_msg(self: w.Widget, msg: dict) -> None:
        try:
            original(self, msg)
        except Exception as exc:  # noqa: BLE001
            log_server_only(exc, f"a message from the browser for {type(self).__name__}")
            try:
                where = _REPORT_TO.get(self)
                if where is not None:
                    _show(where, NOT_AN_OPTION if isinstance(exc, _TRAIT_ERRORS) else learner_message(exc))
                self.send_state()  # put the browser back in step with the kernel's value
            except Exception as inner:  # noqa: BLE001
                log_server_only(inner, "answering a bad widget message")

    _handle_msg.__cx_guarded__ = True  # type: ignore[attr-defined]
    return _handle_msg


# What ipywidgets raises while setting a value the browser sent that is not a valid choice.
_TRAIT_ERRORS = (traitlets.TraitError, KeyError, IndexError, TypeError)


def _undecorated(method: Callable[..., Any]) -> Callable[..., Any]:
    """ipywidgets 8 wraps ``Widget._handle_msg`` in ``_show_traceback``, which answers an exception with
    ``get_ipython().showtraceback()``: an ``error`` message to the browser. Take the method from inside
    that wrapper so the guard sees the exception first."""
    for cell in getattr(method, "__closure__", None) or ():
        inner = cell.cell_contents
        if callable(inner) and getattr(inner, "__name__", "") == "_handle_msg":
            return inner
    return method


_PACKAGE_DIR = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def _warnings_to_server_log(original: Callable[..., Any]) -> Callable[..., Any]:
    """A warning raised while the course's own code runs (pandas points it at the line of ours that
    called it) is written to the kernel's stderr, which reaches the browser with a server path in it:
    send those to the server's log instead; warnings from anyone else's code are shown as before."""

    def showwarning(message, category, filename, lineno, file=None, line=None):  # noqa: ANN001
        if str(filename).startswith(_PACKAGE_DIR):
            LOG.warning("%s:%s: %s: %s", filename, lineno, category.__name__, message)
        else:
            original(message, category, filename, lineno, file, line)

    showwarning.__cx_guarded__ = True  # type: ignore[attr-defined]
    return showwarning


def install_kernel_guard() -> None:
    """Put the guard around ipywidgets' handler of browser messages, and keep the course's warnings off
    the page; once per process."""
    import warnings

    _configure_logging()
    current = w.Widget._handle_msg
    if not getattr(current, "__cx_guarded__", False):
        w.Widget._handle_msg = _guarded_handle_msg(_undecorated(current))  # type: ignore[method-assign]
    if not getattr(warnings.showwarning, "__cx_guarded__", False):
        warnings.showwarning = _warnings_to_server_log(warnings.showwarning)


# -- the base view -----------------------------------------------------------------------------------
class View:
    """A live view: ``self.view`` is its widget tree; ``self.error`` its error area, ``self.status`` an
    announced status line. Register callbacks only with :meth:`on_click` and :meth:`on_change`.

    Subclasses that are views a learner opens define ``example()`` (a classmethod building the view
    from course data) so the hostile-input test can find and exercise them; abstract bases set
    ``abstract = True``."""

    abstract: ClassVar[bool] = True
    view: w.Widget
    status_line_layout: ClassVar[dict[str, str]] = {"width": "100%", "max_width": "46rem"}

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        cls.abstract = cls.__dict__.get("abstract", False)
        init = cls.__dict__.get("__init__")
        if init is not None:
            @functools.wraps(init)
            def __init__(self: View, *args: Any, **kw: Any) -> None:
                init(self, *args, **kw)
                if type(self) is cls:  # the outermost __init__ has finished: the tree is built
                    self._adopt_widgets()

            cls.__init__ = __init__  # type: ignore[method-assign]

    def _adopt_widgets(self) -> None:
        """Report a bad value the browser sends for any widget of this view that has no place of its own
        (a choice nothing observes, say) in the view's error area."""
        tree = getattr(self, "view", None)
        if tree is None:
            return
        fallback = self._unexpected(None)
        stack = [tree]
        while stack:
            widget = stack.pop()
            if widget not in _REPORT_TO:
                report_to(widget, fallback)
            stack.extend(getattr(widget, "children", ()) or ())

    def __init__(self) -> None:
        install_kernel_guard()
        self.status = w.HTML(layout=w.Layout(**self.status_line_layout))
        self.error = w.HTML(layout=w.Layout(**self.status_line_layout))

    @classmethod
    def example(cls) -> View:
        raise NotImplementedError(f"{cls.__name__} has no example(): add one so the hostile-input test covers it")

    # messages
    def say(self, message: str) -> None:
        self.status.value = f"<p class='cx-status' role='status' aria-live='polite'>{html.escape(message)}</p>"

    def fail(self, exc: Exception | str, where: w.HTML | None = None) -> None:
        target = where or self.error
        target.value = error_html(str(exc))
        if target is self.error:
            self.say("Please check the message under the form.")
        elif target is not self.status:
            self.say("Please check the message beside the box you changed.")

    def clear_error(self, where: w.HTML | None = None) -> None:
        (where or self.error).value = ""

    def _unexpected(self, where: w.HTML | None) -> Where:
        def show(message: str) -> None:
            self.fail(message, where)

        return show

    # callbacks
    def on_click(self, button: w.Button, action: Callable[[], Any], where: w.HTML | None = None) -> None:
        """Run ``action()`` when ``button`` is pressed, inside the guard."""
        run = guarded(action, self._unexpected(where))
        button.on_click(lambda _button: run())

    def on_change(self, widget: w.Widget, action: Callable[[Any], Any], where: w.HTML | None = None,
                  names: str = "value") -> None:
        """Run ``action(change)`` when ``widget``'s ``names`` trait changes, inside the guard; a bad value
        sent by the browser for ``widget`` is reported at ``where`` too."""
        widget.observe(guarded(action, self._unexpected(where)), names=names)
        report_to(widget, self._unexpected(where))
