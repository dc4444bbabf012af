"""The text a running case appears in, paragraph by paragraph, for the case-facts tests of each spec."""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Iterator
from pathlib import Path

import yaml


def strings(node) -> Iterator[str]:
    """Every string in a parsed YAML or JSON document."""
    if isinstance(node, str):
        yield node
    elif isinstance(node, dict):
        for value in node.values():
            yield from strings(value)
    elif isinstance(node, list):
        for value in node:
            yield from strings(value)


def paragraphs(pages: Iterable[Path], yaml_files: Iterable[Path] = (), json_files: Iterable[Path] = ()
               ) -> list[tuple[str, str]]:
    """(where, paragraph) for the Markdown of chapter pages (notebooks or .md) and every string of the data
    files, with quotes straightened, emphasis markers dropped and white space joined, so a quotation can be
    compared word for word."""
    texts: list[tuple[str, str]] = []
    for path in pages:
        if path.suffix == ".ipynb":
            cells = json.loads(path.read_text(encoding="utf-8"))["cells"]
            texts += [(f"{path.name} [{c.get('id')}]", "".join(c["source"]))
                      for c in cells if c["cell_type"] == "markdown"]
        else:
            texts.append((path.name, path.read_text(encoding="utf-8")))
    for path in yaml_files:
        texts += [(path.name, s) for s in strings(yaml.safe_load(path.read_text(encoding="utf-8")))]
    for path in json_files:
        if path.exists():
            texts += [(path.name, s) for s in strings(json.loads(path.read_text(encoding="utf-8")))]
    out = []
    for where, text in texts:
        plain = re.sub(r"[*_]", "", text.replace("“", '"').replace("”", '"').replace("’", "'"))
        out += [(where, " ".join(p.split())) for p in re.split(r"\n\s*\n", plain) if p.strip()]
    return out
