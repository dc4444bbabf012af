"""A learner's saved work on the server: JSON documents in the folder ``CX_WORK_DIR`` names.

On a JupyterHub (``deploy/``) every learner's server runs as their own system account and the hub sets
``CX_WORK_DIR`` to a folder in their home directory (``~/cx-work``, mode 0700), so what a learner saves
there is theirs alone and is still there after their server is stopped and started. Without
``CX_WORK_DIR`` (the book, ``make dashboards``) there is no store and the apps save by download only.

One store holds one *kind* of document (``journey-map``, …). A document is saved under a title the learner
types; the file name is made from the title (lower-case letters, digits and hyphens only, so a title can
never name a path outside the folder) and the file holds the title, the kind and the document::

    {"cx_saved_work": 1, "kind": "journey-map", "title": "Hotel stay (as-is)", "saved": "2026-…",
     "document": {…}}

Writes are atomic (a temporary file in the same folder, then a rename), so a server stopped mid-save leaves
the old file or the new one, never half of one. Every refusal is a ``ValueError`` with a sentence a learner
can act on.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import os
import re
import tempfile
import unicodedata
from dataclasses import dataclass
from pathlib import Path

ENV_VAR = "CX_WORK_DIR"
FORMAT = 1
MAX_TITLE = 80  # characters
MAX_ITEMS = 200  # saved documents of one kind
DEFAULT_MAX_BYTES = 2_000_000
_NAME = re.compile(r"[a-z0-9][a-z0-9-]{0,99}--[a-z0-9][a-z0-9-]{0,79}\.json")
_KIND = re.compile(r"[a-z0-9][a-z0-9-]{0,40}")


def _size(n: float) -> str:
    return f"{n / 1e6:.1f} MB" if n >= 100_000 else f"{n / 1e3:.0f} kB"


@dataclass(frozen=True)
class SavedWork:
    """One saved document as the list shows it: its title, file name, when it was saved and its size."""

    title: str
    name: str
    saved: dt.datetime
    size: int

    @property
    def label(self) -> str:
        return f"{self.title} (saved {self.saved:%d %b %Y, %H:%M})"


def clean_title(title: str) -> str:
    """The title a learner typed, trimmed; refused when empty, too long or holding control characters."""
    if not isinstance(title, str):
        raise ValueError("Type a title for your work.")
    title = " ".join(title.split())
    if not title:
        raise ValueError("Type a title for your work, for example “Hotel stay, as-is”.")
    if len(title) > MAX_TITLE:
        raise ValueError(f"That title is {len(title)} characters long; use at most {MAX_TITLE}.")
    if any(unicodedata.category(ch) in ("Cc", "Cf", "Cs", "Co", "Cn") for ch in title):
        raise ValueError("That title holds invisible control characters; type it again with letters, digits and "
                         "punctuation only.")
    return title


def slug(title: str) -> str:
    """A file-name-safe form of a title: ASCII letters and digits, words joined by hyphens."""
    ascii_text = unicodedata.normalize("NFKD", title).encode("ascii", "ignore").decode("ascii").lower()
    return re.sub(r"[^a-z0-9]+", "-", ascii_text).strip("-")[:60].strip("-")


class WorkStore:
    """Saved documents of one ``kind`` in ``folder``, each at most ``max_bytes`` as a file."""

    def __init__(self, folder: str | os.PathLike[str], kind: str, max_bytes: int = DEFAULT_MAX_BYTES):
        if not _KIND.fullmatch(kind):
            raise ValueError(f"{kind!r} is not a kind of saved work (lower-case letters, digits and hyphens)")
        self.folder = Path(folder)
        self.kind = kind
        self.max_bytes = max_bytes

    @classmethod
    def from_environment(cls, kind: str, max_bytes: int = DEFAULT_MAX_BYTES) -> WorkStore | None:
        """The store in ``$CX_WORK_DIR``, or None when the variable is not set (no saving on the server)."""
        folder = os.environ.get(ENV_VAR, "").strip()
        return cls(folder, kind, max_bytes) if folder else None

    # -- names
    def file_name(self, title: str) -> str:
        """The file a title is saved in (``<kind>--<slug>.json``)."""
        key = slug(clean_title(title))
        if not key:
            raise ValueError("Use at least one letter or digit (A–Z, 0–9) in the title, so the course can name "
                             "the file.")
        return f"{self.kind}--{key}.json"

    def _path(self, name: str) -> Path:
        if not isinstance(name, str) or not _NAME.fullmatch(name) or not name.startswith(f"{self.kind}--"):
            raise ValueError("That is not one of your saved pieces of work. Choose one from the list.")
        return self.folder / name

    def _ensure_folder(self) -> None:
        try:
            self.folder.mkdir(mode=0o700, parents=True, exist_ok=True)
        except OSError as exc:
            raise ValueError("Your work folder on the server cannot be used just now, so nothing was saved. "
                             "Download your work instead, and tell your tutor.") from exc

    # -- list, save, open
    def list(self) -> list[SavedWork]:
        """Every readable saved document of this kind, newest first (unreadable files are left out)."""
        if not self.folder.is_dir():
            return []
        items = []
        for path in self.folder.glob(f"{self.kind}--*.json"):
            if not _NAME.fullmatch(path.name) or path.is_symlink() or not path.is_file():
                continue
            try:
                envelope = self._read(path)
            except ValueError:
                continue
            stat = path.stat()
            items.append(SavedWork(envelope["title"], path.name,
                                   dt.datetime.fromtimestamp(stat.st_mtime).astimezone(), stat.st_size))
        items.sort(key=lambda item: (item.saved, item.name), reverse=True)
        return items[:MAX_ITEMS]

    def save(self, title: str, document: bytes | str) -> SavedWork:
        """Save ``document`` (JSON text) under ``title``, replacing what was saved under that title before."""
        title = clean_title(title)
        name = self.file_name(title)
        if isinstance(document, bytes):
            try:
                document = document.decode("utf-8")
            except UnicodeDecodeError as exc:
                raise ValueError("That work is not readable text, so it was not saved.") from exc
        try:
            parsed = json.loads(document)
        except (ValueError, RecursionError) as exc:
            raise ValueError("That work is not in the course's file format, so it was not saved.") from exc
        envelope = {"cx_saved_work": FORMAT, "kind": self.kind, "title": title,
                    "saved": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"), "document": parsed}
        data = json.dumps(envelope, ensure_ascii=False, indent=1).encode("utf-8")
        if len(data) > self.max_bytes:
            raise ValueError(f"That work is {_size(len(data))}; saved work can be at most {_size(self.max_bytes)}. "
                             "Make it smaller, or download it instead.")
        path = self.folder / name
        if not path.exists() and len(self.list()) >= MAX_ITEMS:
            raise ValueError(f"You already have {MAX_ITEMS} saved pieces of this kind of work. Save over one you "
                             "no longer need (use its title), or download this one instead.")
        self._ensure_folder()
        self._write_atomic(path, data)
        stat = path.stat()
        return SavedWork(title, name, dt.datetime.fromtimestamp(stat.st_mtime).astimezone(), stat.st_size)

    def open(self, name: str) -> bytes:
        """The document saved in file ``name`` (a name from :meth:`list`), as JSON bytes."""
        path = self._path(name)
        if not path.is_file() or path.is_symlink():
            raise ValueError("That saved work is no longer there. Choose again from the list.")
        envelope = self._read(path)
        return json.dumps(envelope["document"], ensure_ascii=False).encode("utf-8")

    def title_of(self, name: str) -> str:
        return self._read(self._path(name))["title"]

    # -- files
    def _read(self, path: Path) -> dict:
        unreadable = (f"“{path.name}” in your work folder could not be read: it is damaged or was not saved by "
                      "the course. Your current work is unchanged.")
        try:
            size = path.stat().st_size
            if size > self.max_bytes:
                raise ValueError(f"“{path.name}” is {_size(size)}; saved work can be at most {_size(self.max_bytes)}. "
                                 "Your current work is unchanged.")
            envelope = json.loads(path.read_bytes().decode("utf-8"))
        except (OSError, UnicodeDecodeError, RecursionError, json.JSONDecodeError) as exc:
            raise ValueError(unreadable) from exc
        if (not isinstance(envelope, dict) or envelope.get("cx_saved_work") != FORMAT
                or envelope.get("kind") != self.kind or not isinstance(envelope.get("title"), str)
                or "document" not in envelope):
            raise ValueError(unreadable)
        return envelope

    def _write_atomic(self, path: Path, data: bytes) -> None:
        handle, temp = tempfile.mkstemp(dir=self.folder, prefix=".saving-", suffix=".tmp")
        try:
            with os.fdopen(handle, "wb") as out:
                out.write(data)
                out.flush()
                os.fsync(out.fileno())
            os.chmod(temp, 0o600)
            os.replace(temp, path)
        except OSError as exc:
            with contextlib.suppress(OSError):
                os.unlink(temp)
            raise ValueError("Your work could not be saved on the server (the disk may be full). Download it "
                             "instead, and tell your tutor.") from exc
