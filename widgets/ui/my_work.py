"""“My saved work”: save the current work to the learner's folder on the server and open it again.

Shown by an app only when the server has a work folder (``CX_WORK_DIR``, set by the course's JupyterHub);
the store itself is :mod:`widgets.workstore`. The app hands over two functions: ``current()`` gives the
title to suggest and the document as JSON bytes, ``opened(data, title)`` shows a document and raises
``ValueError`` (leaving the app's work as it was) when it cannot; ``after_open`` is said after "Opened …"
(e.g. how to undo). Messages go to the view's own announced status line; errors beside the control.
"""

from __future__ import annotations

import html
import tempfile
from collections.abc import Callable

import ipywidgets as w

from widgets.ui.view import View
from widgets.workstore import MAX_TITLE, WorkStore

NOTHING_SAVED = "You have no saved work here yet."


class MyWork(View):
    """The save and open controls; ``view`` is a box an app places in its layout."""

    @classmethod
    def example(cls) -> MyWork:
        store = WorkStore(tempfile.mkdtemp(prefix="cx-work-example-"), "example")
        state = {"doc": b'{"title": "Example"}'}

        def opened(data: bytes, title: str) -> None:
            state["doc"] = data

        return cls(store, lambda: ("Example", state["doc"]), opened, what="work")

    def __init__(self, store: WorkStore, current: Callable[[], tuple[str, bytes]],
                 opened: Callable[[bytes, str], None], what: str = "work", after_open: str = ""):
        super().__init__()
        self.store, self.current, self.opened, self.what = store, current, opened, what
        self.after_open = after_open
        self.title = w.Text(description="Title", placeholder=f"A name for this {what} (up to {MAX_TITLE} characters)",
                            continuous_update=False, style={"description_width": "11rem"},
                            layout=w.Layout(width="100%", max_width="44rem"))
        self.save_button = w.Button(description="Save to my work", icon="save",
                                    tooltip=f"Save this {what} in your own folder on the course server",
                                    layout=w.Layout(width="auto", align_self="flex-start"))
        self.save_message = w.HTML()
        self.saved = w.Select(options=[], description="Saved work", rows=5, style={"description_width": "11rem"},
                              layout=w.Layout(width="100%", max_width="44rem"))
        self.open_button = w.Button(description="Open from my work", icon="folder-open",
                                    tooltip=f"Replace the {what} on screen with the saved one chosen above "
                                            "(Undo brings it back)",
                                    layout=w.Layout(width="auto", align_self="flex-start"))
        self.open_message = w.HTML()
        self.error = self.save_message
        self.on_click(self.save_button, self.save, where=self.save_message)
        self.on_click(self.open_button, self.open, where=self.open_message)
        self.on_change(self.saved, lambda change: self.clear_error(self.open_message), where=self.open_message)
        self.view = w.VBox([
            w.HTML(f"<p class='cx-help'>Your saved {html.escape(what)} is kept in your own folder on the course "
                   "server, which only you can open. It is still there next time you log in.</p>"),
            self.title, self.save_button, self.save_message,
            self.saved, self.open_button, self.open_message, self.status,
        ])
        self.view.add_class("cx-my-work")
        self.refresh()

    def refresh(self, select: str | None = None) -> None:
        """Re-read the list of saved work (newest first), keeping ``select`` chosen if it is there."""
        items = self.store.list()
        options = [(item.label, item.name) for item in items]
        with self.saved.hold_sync():
            self.saved.options = options
            names = [name for _, name in options]
            self.saved.value = select if select in names else (names[0] if names else None)
        self.open_button.disabled = not options
        if not options:
            self.saved.options = [(NOTHING_SAVED, "")]
            self.saved.value = ""

    def save(self) -> None:
        try:
            suggested, document = self.current()  # a map past a limit is refused here, with the reason
            typed = self.title.value if self.title.value.strip() else suggested
            name = self.store.file_name(typed)
            replacing = (self.store.folder / name).exists()
            item = self.store.save(typed, document)
        except ValueError as exc:
            self.fail(exc, self.save_message)  # the title stays in its box
            return
        self.clear_error(self.save_message)  # the title box keeps what the learner typed
        self.refresh(select=item.name)
        verb = "Replaced your earlier" if replacing else "Saved"
        self.say(f"{verb} “{item.title}” in your work folder.")

    def open(self) -> None:
        name = self.saved.value
        if not name:
            self.fail(f"Choose a saved {self.what} from the list first.", self.open_message)
            return
        try:
            data = self.store.open(name)
            title = self.store.title_of(name)
            self.opened(data, title)
        except ValueError as exc:
            self.refresh(select=name)  # first: choosing in the list clears the message beside it
            self.fail(exc, self.open_message)
            return
        self.clear_error(self.open_message)
        self.say(f"Opened “{title}” from your work folder. {self.after_open}".strip())
