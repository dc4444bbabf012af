"""Customer experience model view: what an organisation does in each part of the model and why (OCR 2.1,
P4, M1)."""

from __future__ import annotations

import ipywidgets as w

from widgets.activities.common import build
from widgets.activities.cx_model import ELEMENTS, CXModel, blank_model
from widgets.ui.activities.common import (
    WIDE,
    ActivityView,
    area,
    button,
    download_links,
    esc,
    heading,
    style_tag,
    text,
)


class CXModelView(ActivityView):

    @classmethod
    def example(cls) -> CXModelView:
        """The view on the OCR Unit 10 worked example (the hostile-input test builds it this way)."""
        from widgets.activities.cx_model import load_cx_model

        return cls(load_cx_model("ocr-l2-u10", "stride-sports"))
    def __init__(self, model: CXModel):
        super().__init__()
        self.model = model
        self._loading = False
        self.organisation = text("Organisation", model.organisation)
        self.summary = area("Summary", model.summary, "A sentence or two about the organisation", rows=2)
        self.fields: dict[str, tuple[w.Textarea, w.Textarea, w.HTML]] = {}
        parts: list[w.Widget] = []
        for info in ELEMENTS:
            e = model.element(info.key)
            what = area("What it does", e.what, rows=3)
            why = area("Why (the reason)", e.why, rows=2)
            err = w.HTML(layout=WIDE)
            self.fields[info.key] = (what, why, err)
            parts += [w.HTML(f"<h4>{esc(info.label)}</h4><p>{esc(info.prompt)}</p>", layout=WIDE), what, why, err]
            for field in (what, why):
                self.on_change(field, lambda _change, key=info.key: self.update_element(key), where=err)
        self.on_change(self.organisation, lambda _change: self.update_header())
        self.on_change(self.summary, lambda _change: self.update_header())
        self.blank_button = button("Start a blank model for this organisation")
        self.on_click(self.blank_button, self.start_blank)
        self.prepare = button("Prepare files to download")
        self.on_click(self.prepare, self.prepare_downloads)
        self.downloads = w.HTML(layout=WIDE)
        self.preview = w.HTML(layout=WIDE)
        self._render()
        self.view = w.VBox([
            style_tag(), heading("Customer experience model"),
            w.HTML("<p>For each part of the model, write what the organisation does and why it does it. "
                   "Changes are kept when you move to the next box.</p>", layout=WIDE),
            self.organisation, self.summary, self.error, self.blank_button, *parts,
            heading("Your model as a table", 4), self.preview, self.prepare, self.downloads, self.status])

    def update_header(self) -> None:
        if self._loading:
            return
        try:
            self.model = build(CXModel, organisation=self.organisation.value, summary=self.summary.value,
                               elements=self.model.elements)
        except ValueError as exc:
            self.fail(exc)
            return
        self.clear_error()
        self._render()

    def update_element(self, key: str) -> None:
        if self._loading:
            return
        what, why, err = self.fields[key]
        try:
            self.model = self.model.with_element(key, what.value, why.value)
        except ValueError as exc:
            self.fail(exc, err)
            return
        self.clear_error(err)
        self._render()

    def start_blank(self) -> None:
        try:
            self.model = blank_model(self.organisation.value)
        except ValueError as exc:
            self.fail(exc)
            return
        self.clear_error()
        self._loading = True
        try:
            self.summary.value = ""
            for what, why, err in self.fields.values():
                what.value = why.value = err.value = ""
        finally:
            self._loading = False
        self._render()
        self.say(f"A blank model for {self.model.organisation} is ready: fill in each part.")

    def _render(self) -> None:
        self.preview.value = self.model.to_html_table()
        self.downloads.value = ""
        missing = self.model.missing()
        self.say("Every part has what and why." if not missing else f"Still to write: {len(missing)} of 8 parts.")

    def prepare_downloads(self) -> None:
        slug = "cx-model"
        self.downloads.value = download_links([
            (f"{slug}.md", "text/markdown", self.model.to_markdown(), "Download the model as Markdown (.md)"),
            (f"{slug}.html", "text/html", self.model.to_html_document(), "Download the model as a web page (.html)"),
            (f"{slug}.csv", "text/csv", self.model.to_csv(), "Download the model as a spreadsheet (.csv)")])
        self.say("Your files are ready: the download links are under “Prepare files to download”.")
