"""The metrics workbench: read a CSV, map its columns, compute metrics by segment and period.

Pure logic only (the view is ``widgets.ui.workbench``). Group-wise metrics are vectorised: each key
column is turned into integer codes once (``pandas.factorize``), the counts for every group come from
one ``numpy.bincount`` per indicator, and the same formulas as :mod:`widgets.metrics` are applied to the
count columns (NPS and its closed-form interval; CSAT with Wilson's interval). Charts aggregate
before plotting: no chart carries more than ``MAX_CHART_ROWS`` rows to the browser.

Uploads: at most ``MAX_UPLOAD_BYTES`` (5 MB), ``MAX_ROWS`` rows and ``MAX_COLUMNS`` columns; UTF-8 (a
byte-order mark is removed), UTF-16 or UTF-32 (as Excel's "Unicode Text") or Windows-1252; comma-, semicolon-
(with decimal commas) or tab-separated. Dates from 1677 to 2262 (what pandas holds); times with zones are
converted to UTC.
"""

from __future__ import annotations

import csv
import io
import math
import re
import warnings
from dataclasses import dataclass, field, replace
from pathlib import Path

import numpy as np
import pandas as pd

from widgets.charts import PALETTE, AccessibleChart, import_altair
from widgets.exports import download_link, frame_csv_text
from widgets.metrics import Z95
from widgets.numeric import MAX_AMOUNT, NUMBER

MAX_UPLOAD_BYTES = 5_000_000
MAX_ROWS = 200_000
MAX_COLUMNS = 200
"""More than any analysis needs (it uses up to six) and a wide survey export; every column is a choice in a list."""
MAX_GROUPS = 20
MAX_CHART_ROWS = 5000
NOT_USED = "(not used)"
CHOOSE = "(choose a column)"

# -- reading CSV files ------------------------------------------------------------------------------


@dataclass(frozen=True)
class LoadedTable:
    """A table ready for the workbench, with notes on how it was read (shown to the learner)."""

    frame: pd.DataFrame
    name: str
    notes: tuple[str, ...] = ()


def datasets_dir() -> Path:
    return Path(__file__).resolve().parent.parent / "data" / "datasets"


def load_sample(name: str) -> pd.DataFrame:
    """One of the synthetic sample data sets in ``data/datasets`` (see its README)."""
    from widgets.sample_data import DATASETS

    if name not in DATASETS:
        raise ValueError(f"There is no sample called {name!r}; choose one of: {', '.join(DATASETS)}.")
    return pd.read_csv(datasets_dir() / f"{name}.csv", keep_default_na=False, na_values=[""])


_BINARY_SIGNATURES = {b"PK\x03\x04": "a zipped file such as an Excel workbook (.xlsx)",
                      b"\xd0\xcf\x11\xe0": "an old-style Excel or Word file",
                      b"%PDF": "a PDF", b"\x89PNG": "a PNG image", b"\xff\xd8\xff": "a JPEG image"}


_WIDE_ENCODINGS = ((b"\xff\xfe\x00\x00", "utf-32", "UTF-32"), (b"\x00\x00\xfe\xff", "utf-32", "UTF-32"),
                   (b"\xff\xfe", "utf-16", "UTF-16"), (b"\xfe\xff", "utf-16", "UTF-16"))


def _decode_utf16_or_32(content: bytes, name: str, notes: list[str]) -> str | None:
    """Text saved as UTF-16 or UTF-32 (Excel's “Unicode Text”, some exports from Windows tools), decoded,
    with a note; ``None`` when the file is not in one of them. UTF-16 without a byte-order mark is
    recognised by its zero bytes, every second byte, in text that is mostly English."""
    encoding = label = None
    for bom, codec, what in _WIDE_ENCODINGS:
        if content.startswith(bom):
            encoding, label = codec, what
            break
    else:
        sample = content[:4096]
        if len(sample) >= 8:
            even, odd = sample[0::2], sample[1::2]
            if odd.count(0) >= 0.9 * len(odd) and even.count(0) <= 0.1 * len(even):
                encoding, label = "utf-16-le", "UTF-16"
            elif even.count(0) >= 0.9 * len(even) and odd.count(0) <= 0.1 * len(odd):
                encoding, label = "utf-16-be", "UTF-16"
    if encoding is None:
        return None
    try:
        text = content.decode(encoding)
    except UnicodeDecodeError:
        raise ValueError(f"{name} looks like {label} text but could not be read as it. In your spreadsheet use "
                         "Save As › CSV UTF-8 (comma delimited), then upload that file.") from None
    excel = " (as Excel's “Unicode Text” writes)" if label == "UTF-16" else ""
    notes.append(f"The file is saved as {label} text{excel}; it was read that way. CSV UTF-8 is the usual choice "
                 "for sharing data.")
    return text.removeprefix("\ufeff")


def read_csv_bytes(content: bytes, filename: str = "upload.csv") -> LoadedTable:
    """Read an uploaded CSV or raise ``ValueError`` saying what is wrong and how to fix it."""
    name = Path(str(filename)).name or "upload.csv"
    if not isinstance(content, (bytes, bytearray, memoryview)):
        raise ValueError("The upload could not be read; please try choosing the file again.")
    content = bytes(content)
    if len(content) > MAX_UPLOAD_BYTES:
        raise ValueError(f"{name} is {len(content) / 1e6:.1f} MB; the limit is {MAX_UPLOAD_BYTES / 1e6:.0f} MB. "
                         "Remove columns or rows you do not need, or upload a sample of the rows.")
    if not content.strip():
        raise ValueError(f"{name} is empty: there is nothing to read.")
    for signature, kind in _BINARY_SIGNATURES.items():
        if content.startswith(signature):
            raise ValueError(f"{name} is {kind}, not a CSV file. In a spreadsheet use Save As › CSV (comma "
                             "delimited), then upload that file.")
    suffix = Path(name).suffix.lower()
    not_csv = (f"{name} is not a CSV file. Save your data as CSV (comma-separated values) and upload that.")
    if suffix not in {".csv", ".txt", ".tsv", ""}:
        raise ValueError(not_csv)
    notes: list[str] = []
    text = _decode_utf16_or_32(content, name, notes)
    if text is None:
        if b"\x00" in content[:4096]:
            raise ValueError(not_csv)
        if content.startswith(b"\xef\xbb\xbf"):
            content = content[3:]
            notes.append("The file starts with a byte-order mark (as Excel's “CSV UTF-8” writes); it was ignored.")
        try:
            text = content.decode("utf-8")
        except UnicodeDecodeError:
            text = content.decode("cp1252", errors="replace")
            notes.append("The file is not UTF-8; it was read as Windows (Western European) text.")
    elif "\x00" in text[:4096]:
        raise ValueError(not_csv)
    if not text.strip():
        raise ValueError(f"{name} is empty: there is nothing to read.")
    header = text.lstrip().splitlines()[0]
    counts = {sep: header.count(sep) for sep in (",", ";", "\t")}
    sep = max(counts, key=lambda s: counts[s])
    decimal = "."
    if counts[sep] == 0:
        sep = ","
    elif sep == ";":
        decimal = ","
        notes.append("The file uses semicolons between columns (and commas as decimal points), as some "
                     "European spreadsheets do; it was read that way.")
    elif sep == "\t":
        notes.append("The file uses tabs between columns; it was read that way.")
    try:
        columns = len(next(csv.reader([header], delimiter=sep)))
    except csv.Error:  # a heading longer than the csv module's field limit: count the separators instead
        columns = header.count(sep) + 1
    if columns > MAX_COLUMNS:  # before parsing: 300,000 columns take pandas seconds and fill every list
        raise ValueError(f"{name} has {columns:,} columns; the workbench takes up to {MAX_COLUMNS}. Keep the "
                         "columns the analysis needs (delete the others in a spreadsheet), then upload it again.")
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", pd.errors.ParserWarning)
            frame = pd.read_csv(io.StringIO(text), sep=sep, decimal=decimal, skipinitialspace=True, index_col=False,
                                keep_default_na=False, na_values=[""], quoting=csv.QUOTE_MINIMAL)
    except pd.errors.ParserWarning:
        rows = csv.reader(io.StringIO(text), delimiter=sep)
        width = len(next(rows))
        line = next((i for i, row in enumerate(rows, start=2) if len(row) != width), 2)
        raise ValueError(f"{name} could not be read as CSV: line {line} has a different number of values from the "
                         "heading row. Check for a stray separator or a missing quote on that line.") from None
    except pd.errors.EmptyDataError:
        raise ValueError(f"{name} has no columns to read.") from None
    except pd.errors.ParserError as exc:
        found = re.search(r"Expected (\d+) fields in line (\d+), saw (\d+)", str(exc))
        if found:
            want, line, saw = found.groups()
            raise ValueError(f"{name} could not be read as CSV: line {line} has {saw} values, not {want} like the "
                             "heading row. Check for a stray separator or a missing quote on that line.") from None
        raise ValueError(f"{name} could not be read as CSV. Check it opens in a spreadsheet and save it again "
                         "as CSV.") from None
    frame.columns = [str(c).strip() for c in frame.columns]
    if any(c == "" or c.startswith("Unnamed:") for c in frame.columns):
        raise ValueError(f"{name} has a column without a heading. Give every column a name in the first row.")
    if len(set(frame.columns)) != len(frame.columns) or any(re.search(r"\.\d+$", c) and c.rsplit(".", 1)[0]
                                                            in frame.columns for c in frame.columns):
        raise ValueError(f"{name} has two columns with the same heading. Give each column its own name.")
    if frame.empty:
        raise ValueError(f"{name} has headings but no rows of data.")
    if len(frame) > MAX_ROWS:
        raise ValueError(f"{name} has {len(frame):,} rows; the workbench takes up to {MAX_ROWS:,}. "
                         "Upload a sample of the rows.")
    return LoadedTable(frame=frame, name=name, notes=tuple(notes))


# -- analyses and column roles ----------------------------------------------------------------------


@dataclass(frozen=True)
class Role:
    """A column the analysis needs: ``kind`` says what values it must hold."""

    key: str
    label: str
    kind: str  # "nps", "csat", "period", "category", "flag", "id", "date", "number"
    required: bool
    synonyms: tuple[str, ...] = ()


@dataclass(frozen=True)
class Analysis:
    key: str
    title: str
    explanation: str
    roles: tuple[Role, ...]


ANALYSES: dict[str, Analysis] = {a.key: a for a in (
    Analysis("survey", "Survey scores: NPS and CSAT by segment and month",
             "Net Promoter Score (0–10 answers) and CSAT (top-two-box on 1–5) for each segment and month, "
             "with 95% intervals.",
             (Role("score", "Likelihood to recommend (0–10)", "nps", True, ("nps", "recommend", "likelihood", "ltr")),
              Role("period", "Date or month", "period", True, ("month", "date", "period", "week", "time")),
              Role("segment", "Segment (optional)", "category", False,
                   ("segment", "group", "type", "hotel", "store", "region", "channel")),
              Role("csat", "Satisfaction (1–5, optional)", "csat", False, ("csat", "satisf")))),
    Analysis("funnel", "Funnel: how many reach each step, and where they drop out",
             "Counts every row as the first step, then each 0/1 (or yes/no) column as a later step; a row "
             "only counts at a step if it reached every earlier one.",
             (Role("step2", "Step 2 (0/1 or yes/no)", "flag", True,
                   ("added_to_cart", "cart", "basket", "made_first_gift", "first_gift", "step2")),
              Role("step3", "Step 3 (optional)", "flag", False,
                   ("reached_checkout", "checkout", "made_second_gift", "second_gift", "step3")),
              Role("step4", "Step 4 (optional)", "flag", False,
                   ("purchased", "purchase", "order", "became_regular", "regular", "step4")),
              Role("step5", "Step 5 (optional)", "flag", False, ("still_giving", "retained", "active", "step5")),
              Role("segment", "Segment (optional)", "category", False,
                   ("source", "channel", "acquisition", "segment", "device", "region")))),
    Analysis("cohort", "Cohort retention: who buys again, month by month",
             "Groups customers by the month of their first purchase and shows the % buying again in each "
             "later month, with repeat-purchase rate and average order value.",
             (Role("customer", "Customer ID", "id", True, ("customer", "client", "member", "account", "user")),
              Role("date", "Purchase date", "date", True, ("date", "purchased", "order_date", "time")),
              Role("value", "Order value (optional)", "number", False, ("value", "amount", "total", "revenue")))),
    Analysis("complaints", "Complaint handling: response and resolution times",
             "Median and 90th-percentile hours to first response and to resolution, by segment.",
             (Role("opened", "Opened (date and time)", "date", True, ("opened", "created", "received", "logged")),
              Role("resolved", "Resolved (date and time)", "date", True, ("resolved", "closed", "completed")),
              Role("first_response", "First response (optional)", "date", False, ("response", "replied", "first")),
              Role("segment", "Segment (optional)", "category", False,
                   ("category", "channel", "type", "reason", "segment")))),
)}

SAMPLE_ANALYSIS = {"hotel_survey": "survey", "retail_complaints": "complaints", "shop_sessions": "funnel",
                   "transactions": "cohort", "charity_supporters": "funnel"}


def guess_mapping(columns: list[str], analysis: str) -> dict[str, str | None]:
    """A sensible first guess: for each role the first unused column whose name contains a synonym."""
    spec = _analysis(analysis)
    used: set[str] = set()
    mapping: dict[str, str | None] = {}
    norm = {c: re.sub(r"[^a-z0-9]+", "_", c.lower()) for c in columns}
    for role in spec.roles:
        choice = None
        for syn in role.synonyms:
            for col in columns:
                if col not in used and syn in norm[col]:
                    choice = col
                    break
            if choice:
                break
        mapping[role.key] = choice
        if choice:
            used.add(choice)
    return mapping


def _analysis(key: str) -> Analysis:
    if key not in ANALYSES:
        raise ValueError(f"Choose an analysis: {', '.join(a.title for a in ANALYSES.values())}.")
    return ANALYSES[key]


# -- column checks ----------------------------------------------------------------------------------


def _row(frame: pd.DataFrame, position: int) -> str:
    """A 1-based spreadsheet row number (the heading is row 1)."""
    return f"row {position + 2}"


def _shown(value: object) -> str:
    text = str(value)
    return f"“{text[:30]}…”" if len(text) > 30 else f"“{text}”"


def numeric_column(frame: pd.DataFrame, col: str, label: str, *, low: float | None = None,
                   high: float | None = None, whole: bool = False) -> pd.Series:
    """The column as floats (blank cells are NaN), or a ValueError naming the first bad cell.

    Every number must be finite and within ``low`` to ``high`` (± ``numeric.MAX_AMOUNT`` when not given), as
    for typed numbers (``widgets.numeric``): ``inf``, ``1e400`` or 400 digits are "too large", not "not a number".
    """
    low = -MAX_AMOUNT if low is None else low
    high = MAX_AMOUNT if high is None else high
    kind = "whole numbers" if whole else "numbers"
    rng = f"{kind} from {_bound(low)} to {_bound(high)}"
    s = frame[col]
    if not pd.api.types.is_numeric_dtype(s) or pd.api.types.is_bool_dtype(s):
        text = s.astype("string").str.strip()
        values = pd.to_numeric(text.str.replace(",", ".", regex=False), errors="coerce")
        bad = values.isna() & text.notna() & (text != "")
        if bad.any():
            pos = int(np.flatnonzero(bad.to_numpy())[0])
            if NUMBER.match(str(s.iloc[pos]).strip().replace(",", ".")):  # digits pandas could not hold
                raise ValueError(f"Column “{col}” ({label}) has {_shown(s.iloc[pos])} in {_row(frame, pos)}, which "
                                 f"is far outside the numbers the workbench can use; it should hold {rng}.")
            raise ValueError(f"Column “{col}” ({label}) has {_shown(s.iloc[pos])} in {_row(frame, pos)}, which is "
                             "not a number. Fix that cell or choose another column.")
        s = values
    arr = s.to_numpy(dtype=float, na_value=np.nan)
    ok = ~np.isnan(arr)
    problem = ok & ((arr < low) | (arr > high))  # infinity included
    if whole:
        problem |= ok & (arr != np.floor(np.where(ok, arr, 0)))
    if problem.any():
        pos = int(np.flatnonzero(problem)[0])
        raise ValueError(f"Column “{col}” ({label}) has {_shown(frame[col].iloc[pos])} in {_row(frame, pos)}; "
                         f"it should hold {rng}.")
    return pd.Series(arr, index=frame.index)


def _bound(value: float) -> str:
    """1000000000 → 1,000,000,000; 0.5 → 0.5 (a bound in a message)."""
    return f"{value:,.0f}".replace("-", "−") if value == int(value) else f"{value:g}"


_TRUE = {"1", "1.0", "yes", "y", "true", "t"}
_FALSE = {"0", "0.0", "no", "n", "false", "f", ""}


def flag_column(frame: pd.DataFrame, col: str, label: str) -> np.ndarray:
    """A 0/1, yes/no or true/false column as booleans (blank = no)."""
    s = frame[col]
    if pd.api.types.is_bool_dtype(s):
        return s.fillna(False).to_numpy(dtype=bool)
    codes, uniques = pd.factorize(s.astype("string").str.strip().str.lower().fillna(""))
    truth = []
    for u in uniques:
        if u in _TRUE:
            truth.append(True)
        elif u in _FALSE:
            truth.append(False)
        else:
            pos = int(np.flatnonzero(codes == len(truth))[0])
            raise ValueError(f"Column “{col}” ({label}) has {_shown(s.iloc[pos])} in {_row(frame, pos)}; a step "
                             "column should hold 1/0, yes/no or true/false.")
    return np.asarray(truth, dtype=bool)[codes] if truth else np.zeros(len(s), bool)


# A time with a zone: ``10:00Z``, ``10:00:00+05:00``, ``10:00 +0100``.
_ZONE = re.compile(r"\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?\s*(?:Z|UTC|GMT|[+-]\d{2}(?::?\d{2})?)$", re.IGNORECASE)
# The year of a date in the forms the workbench reads: 2025-03-14, 14/03/2025 (any number of year digits).
_ISO_DATE = re.compile(r"^\s*[+-]?(\d{4,9})-(\d{1,2})-(\d{1,2})")
_UK_DATE = re.compile(r"^\s*(\d{1,2})[/.-](\d{1,2})[/.-](\d{4,9})")
FIRST_DAY, LAST_DAY = pd.Timestamp.min.ceil("D"), pd.Timestamp.max.floor("D")
"""The dates pandas can hold (22 September 1677 to 11 April 2262): the range the workbench handles."""


def _outside_pandas(text: str) -> bool:
    """True for a date written as the workbench reads them whose day is outside FIRST_DAY … LAST_DAY."""
    iso, uk = _ISO_DATE.match(text), _UK_DATE.match(text)
    if iso:
        ymd = tuple(int(x) for x in iso.groups())
    elif uk:
        ymd = (int(uk.group(3)), int(uk.group(2)), int(uk.group(1)))
    else:
        return False
    return not (FIRST_DAY.year, FIRST_DAY.month, FIRST_DAY.day) <= ymd <= (LAST_DAY.year, LAST_DAY.month, LAST_DAY.day)


def _utc_times(text: pd.Series) -> pd.Series:
    """Non-blank text → UTC times without a zone (NaT where it is not a date pandas can hold)."""
    with warnings.catch_warnings():  # pandas warns about mixed zones; utc=True is the answer it suggests
        warnings.simplefilter("ignore", (FutureWarning, UserWarning))
        parsed = pd.to_datetime(text, errors="coerce", format="ISO8601", utc=True)
        if parsed.isna().any():
            parsed = pd.to_datetime(text, errors="coerce", dayfirst=True, format="mixed", utc=True)
    return parsed.dt.tz_convert("UTC").dt.tz_localize(None)


def _parse_dates(text: pd.Series) -> pd.Series:
    """ISO dates first, then UK day-first ones (as pandas reads them: zones kept, so possibly objects)."""
    with warnings.catch_warnings():  # pandas warns about mixed zones: they are handled by the caller
        warnings.simplefilter("ignore", (FutureWarning, UserWarning))
        parsed = pd.to_datetime(text, errors="coerce", format="ISO8601")
        if (parsed.isna() & text.notna() & (text != "")).any():
            parsed = pd.to_datetime(text, errors="coerce", dayfirst=True, format="mixed")
    return parsed


def _naive(parsed: pd.Series) -> bool:
    """True when pandas read no time zone at all (then the column is plain datetime64)."""
    return isinstance(parsed.dtype, np.dtype) and parsed.dtype.kind == "M"


_ZONE_SPLIT = re.compile(r"^(.*?\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?)\s*(Z|UTC|GMT|[+-]\d{2}(?::?\d{2})?)$",
                         re.IGNORECASE)
_SAMPLE = 1000


def _offset_minutes(zone: str) -> float:
    """``Z``, ``UTC``, ``+05:00``, ``-0330``, ``+01`` → minutes east of UTC (NaN if no such offset)."""
    if zone in ("Z", "UTC", "GMT"):
        return 0.0
    digits = zone[1:].replace(":", "")
    hours, minutes = int(digits[:2]), int(digits[2:] or 0)
    if hours > 14 or minutes > 59:
        return math.nan
    return (-1 if zone[0] == "-" else 1) * (hours * 60 + minutes)


def _zoned_utc(text: pd.Series) -> pd.Series:
    """Times that all end in a zone → UTC. The zone is split off and applied here: pandas reads a column of
    mixed offsets one value at a time (seconds for 200,000 rows), and this reads it as fast as plain times."""
    parts = text.str.extract(_ZONE_SPLIT)
    zone = parts[1].str.upper()
    minutes = zone.map({z: _offset_minutes(z) for z in zone.dropna().unique()}).astype(float)
    return _utc_times(parts[0]) - pd.to_timedelta(minutes.to_numpy(), unit="min")


def _sample_has_zone(text: pd.Series) -> bool:
    return bool(text.dropna().head(_SAMPLE).str.contains(_ZONE).any())


def has_time_zones(frame: pd.DataFrame, col: str) -> bool:
    """True if a value in the column is a time with a zone or offset (``+01:00``, ``Z``)."""
    text = frame[col].astype("string").str.strip()
    return _sample_has_zone(text) or not _naive(_parse_dates(text))


def date_column(frame: pd.DataFrame, col: str, label: str, *, allow_blank: bool = False) -> pd.Series:
    """Dates (or date-times) parsed from ISO ``2025-03-14`` or UK ``14/03/2025`` text.

    Times with a zone or offset (``2026-01-05T10:00:00+05:00``) are converted to UTC, so a column that mixes
    zones gives true durations; in such a column, a time without a zone is taken as UTC (run_analysis says
    so under the results). Dates outside what pandas can hold (before 22 September 1677 or after 11 April
    2262) get a message that says so, not "not a date".
    """
    s = frame[col]
    text = s.astype("string").str.strip()
    blank = text.isna() | (text == "")
    parsed = None if _sample_has_zone(text) else _parse_dates(text)  # the usual column: no zones, one pass
    if parsed is None or not _naive(parsed):
        zoned = text.str.contains(_ZONE, na=False)
        parsed = pd.Series(pd.NaT, index=s.index, dtype="datetime64[ns]")
        if zoned.any():
            parsed[zoned] = _zoned_utc(text[zoned])
        rest = ~zoned & ~blank  # apart: pandas would give a time without a zone the zone of the one before
        if rest.any():
            parsed[rest] = _utc_times(text[rest])
    bad = parsed.isna() & ~blank
    if bad.any():
        pos = int(np.flatnonzero(bad.to_numpy())[0])
        if _outside_pandas(str(s.iloc[pos])):
            raise ValueError(f"Column “{col}” ({label}) has {_shown(s.iloc[pos])} in {_row(frame, pos)}: the "
                             f"workbench handles dates from {FIRST_DAY:%d %B %Y} to {LAST_DAY:%d %B %Y} (1677–2262). "
                             "Check the year in that cell, or choose another column.")
        raise ValueError(f"Column “{col}” ({label}) has {_shown(s.iloc[pos])} in {_row(frame, pos)}, which is not a "
                         "date. Use dates like 2025-03-14 or 14/03/2025.")
    if blank.any() and not allow_blank:
        pos = int(np.flatnonzero(blank.to_numpy())[0])
        raise ValueError(f"Column “{col}” ({label}) is blank in {_row(frame, pos)}; every row needs a date.")
    return parsed


_MONTH = re.compile(r"^\d{4}-(0[1-9]|1[0-2])$")


def period_codes(frame: pd.DataFrame, col: str, label: str) -> tuple[np.ndarray, list[str]]:
    """Integer codes and sorted ``YYYY-MM`` labels for a month or date column (fast on big frames:
    the text values are factorised first and only the distinct values are checked or parsed)."""
    codes, uniques = pd.factorize(frame[col], use_na_sentinel=True)
    if (codes < 0).any():
        pos = int(np.flatnonzero(codes < 0)[0])
        raise ValueError(f"Column “{col}” ({label}) is blank in {_row(frame, pos)}; every row needs a date or month.")
    labels = [str(u).strip() for u in uniques]
    if all(_MONTH.match(u) for u in labels):
        months = labels
    else:
        parsed = date_column(pd.DataFrame({col: labels}), col, label)
        months = [f"{d.year:04d}-{d.month:02d}" for d in parsed]
    order = sorted(set(months))
    index = {m: i for i, m in enumerate(order)}
    mapping = np.array([index[m] for m in months], dtype=np.int64)
    return mapping[codes], order


def category_codes(frame: pd.DataFrame, col: str | None, label: str) -> tuple[np.ndarray, list[str]]:
    """Integer codes and labels for a segment column (one group "All" when no column is chosen)."""
    if not col:
        return np.zeros(len(frame), dtype=np.int64), ["All"]
    # Factorise the raw values first, then tidy only the distinct values (fast on big frames).
    raw_codes, raw_uniques = pd.factorize(frame[col], use_na_sentinel=True)
    tidy = [str(u).strip() or "(blank)" for u in raw_uniques]
    labels = sorted(set(tidy) | ({"(blank)"} if (raw_codes < 0).any() else set()))
    if len(labels) > MAX_GROUPS:
        raise ValueError(f"Column “{col}” ({label}) has {len(labels):,} different values; choose a column with "
                         f"at most {MAX_GROUPS} groups, such as a segment, channel or region.")
    index = {lab: i for i, lab in enumerate(labels)}
    lookup = np.array([index[t] for t in tidy] + [index.get("(blank)", 0)], dtype=np.int64)
    return lookup[raw_codes], labels  # code -1 (blank) picks the last lookup entry


# -- group-wise formulas ----------------------------------------------------------------------------


def nps_columns(promoters: np.ndarray, detractors: np.ndarray, n: np.ndarray) -> dict[str, np.ndarray]:
    """NPS and its 95 % interval for arrays of counts (same formula as ``net_promoter_score_from_counts``)."""
    with np.errstate(invalid="ignore", divide="ignore"):
        p, d = promoters / n, detractors / n
        nps = 100 * (promoters - detractors) / n
        se = np.sqrt(np.maximum(0.0, p + d - (p - d) ** 2) / n)
    return {"nps": nps, "nps_low": np.maximum(-100, nps - Z95 * 100 * se),
            "nps_high": np.minimum(100, nps + Z95 * 100 * se)}


def wilson_columns(k: np.ndarray, n: np.ndarray, prefix: str) -> dict[str, np.ndarray]:
    """A percentage and its Wilson 95 % interval for arrays of counts (as ``metrics.wilson_interval``)."""
    z = Z95
    with np.errstate(invalid="ignore", divide="ignore"):
        p = k / n
        denom = 1 + z * z / n
        centre = (p + z * z / (2 * n)) / denom
        half = z / denom * np.sqrt(p * (1 - p) / n + z * z / (4 * n * n))
    return {prefix: 100 * p, f"{prefix}_low": 100 * np.maximum(0, centre - half),
            f"{prefix}_high": 100 * np.minimum(1, centre + half)}


def survey_by_group(frame: pd.DataFrame, score: str, period: str, segment: str | None = None,
                    csat: str | None = None, csat_scale: int = 5) -> pd.DataFrame:
    """NPS and CSAT for every segment × month: counts by ``bincount`` on integer keys, then formulas.

    Blank scores are left out (each metric's ``responses`` column counts its own answers).
    """
    seg_codes, seg_labels = category_codes(frame, segment, "segment")
    per_codes, per_labels = period_codes(frame, period, "date or month")
    scores = numeric_column(frame, score, "likelihood to recommend", low=0, high=10, whole=True).to_numpy()
    groups = len(seg_labels) * len(per_labels)
    key = seg_codes * len(per_labels) + per_codes
    answered = ~np.isnan(scores)
    n = np.bincount(key, weights=answered, minlength=groups)
    pro = np.bincount(key, weights=scores >= 9, minlength=groups)
    det = np.bincount(key, weights=answered & (scores <= 6), minlength=groups)
    out = {"segment": np.repeat(seg_labels, len(per_labels)), "month": np.tile(per_labels, len(seg_labels)),
           "responses": n.astype(np.int64), "promoters": pro.astype(np.int64),
           "passives": (n - pro - det).astype(np.int64), "detractors": det.astype(np.int64)}
    out.update(nps_columns(pro, det, n))
    if csat:
        c = numeric_column(frame, csat, f"satisfaction 1–{csat_scale}", low=1, high=csat_scale, whole=True).to_numpy()
        cn = np.bincount(key, weights=~np.isnan(c), minlength=groups)
        sat = np.bincount(key, weights=c >= csat_scale - 1, minlength=groups)
        out.update({"csat_responses": cn.astype(np.int64), "satisfied": sat.astype(np.int64)})
        out.update(wilson_columns(sat, cn, "csat"))
    table = pd.DataFrame(out)
    return table[table["responses"] > 0].reset_index(drop=True)


def funnel_by_group(frame: pd.DataFrame, steps: list[str], segment: str | None = None) -> pd.DataFrame:
    """Rows reaching each step (a row counts at a step only if it reached every earlier one), the % of
    the first step, and the abandonment from the previous step: (previous − this) ÷ previous × 100."""
    if not steps:
        raise ValueError("Choose at least one step column after the first step (every row).")
    seg_codes, seg_labels = category_codes(frame, segment, "segment")
    reached = np.ones(len(frame), dtype=bool)
    counts = [np.bincount(seg_codes, minlength=len(seg_labels))]
    for i, col in enumerate(steps, start=2):
        reached = reached & flag_column(frame, col, f"step {i}")
        counts.append(np.bincount(seg_codes, weights=reached, minlength=len(seg_labels)).astype(np.int64))
    names = ["All rows", *steps]
    rows = []
    for g, seg in enumerate(seg_labels):
        start = counts[0][g]
        for i, name in enumerate(names):
            c, prev = int(counts[i][g]), int(counts[i - 1][g]) if i else int(start)
            rows.append({"segment": seg, "step": i + 1, "step_name": name, "count": c,
                         "percent_of_start": 100 * c / start if start else math.nan,
                         "abandonment_from_previous": (100 * (prev - c) / prev if prev else math.nan) if i else 0.0})
    return pd.DataFrame(rows)


def cohort_retention(frame: pd.DataFrame, customer: str, date: str, value: str | None = None
                     ) -> tuple[pd.DataFrame, dict[str, float]]:
    """Cohort table (first-purchase month × months since) with % of the cohort buying in that month,
    and a summary: customers, repeat-purchase rate, average order value, average revenue per customer."""
    ids = frame[customer].astype("string").str.strip()
    if (ids.isna() | (ids == "")).any():
        pos = int(np.flatnonzero((ids.isna() | (ids == "")).to_numpy())[0])
        raise ValueError(f"Column “{customer}” (customer ID) is blank in {_row(frame, pos)}.")
    when = date_column(frame, date, "purchase date")
    month = (when.dt.year * 12 + when.dt.month - 1).to_numpy()
    cust_codes, cust_labels = pd.factorize(ids)
    first = np.full(len(cust_labels), np.iinfo(np.int64).max)
    np.minimum.at(first, cust_codes, month)
    age = month - first[cust_codes]
    active = pd.DataFrame({"cohort": first[cust_codes], "age": age, "cust": cust_codes}).drop_duplicates()
    table = active.groupby(["cohort", "age"]).size().rename("customers").reset_index()
    sizes = table[table["age"] == 0].set_index("cohort")["customers"]
    table["cohort_size"] = table["cohort"].map(sizes)
    table["retention"] = 100 * table["customers"] / table["cohort_size"]
    table["cohort"] = [f"{c // 12:04d}-{c % 12 + 1:02d}" for c in table["cohort"]]
    table = table.rename(columns={"age": "months_since_first"})
    purchases = np.bincount(cust_codes)
    summary = {"customers": float(len(cust_labels)), "transactions": float(len(frame)),
               "repeat_purchase_rate": 100 * float((purchases >= 2).mean())}
    if value:
        v = numeric_column(frame, value, "order value", low=0, high=1e9).to_numpy()
        summary["average_order_value"] = float(np.nanmean(v))
        summary["revenue_per_customer"] = float(np.nansum(v) / len(cust_labels))
    return table[["cohort", "months_since_first", "cohort_size", "customers", "retention"]], summary


def complaint_times(frame: pd.DataFrame, opened: str, resolved: str, first_response: str | None = None,
                    segment: str | None = None) -> pd.DataFrame:
    """Hours to first response and to resolution by segment: count, still open, median, 90th
    percentile (blank ``resolved`` = still open, left out of the times)."""
    start = date_column(frame, opened, "opened")
    end = date_column(frame, resolved, "resolved", allow_blank=True)
    hours = ((end - start).dt.total_seconds() / 3600).to_numpy()
    negative = hours < 0
    if negative.any():
        pos = int(np.flatnonzero(negative)[0])
        raise ValueError(f"In {_row(frame, pos)} the complaint is resolved before it was opened; check the "
                         f"“{opened}” and “{resolved}” columns.")
    resp = None
    if first_response:
        r = date_column(frame, first_response, "first response", allow_blank=True)
        resp = ((r - start).dt.total_seconds() / 3600).to_numpy()
        if (resp < 0).any():
            pos = int(np.flatnonzero(resp < 0)[0])
            raise ValueError(f"In {_row(frame, pos)} the first response is before the complaint was opened.")
    seg_codes, seg_labels = category_codes(frame, segment, "segment")
    rows = []
    for g, seg in enumerate(seg_labels):
        mask = seg_codes == g
        h = hours[mask]
        done = h[~np.isnan(h)]
        row = {"segment": seg, "complaints": int(mask.sum()), "still_open": int(np.isnan(h).sum()),
               "median_resolution_hours": float(np.median(done)) if len(done) else math.nan,
               "p90_resolution_hours": float(np.percentile(done, 90)) if len(done) else math.nan,
               "mean_resolution_hours": float(done.mean()) if len(done) else math.nan}
        if resp is not None:
            rr = resp[mask]
            rr = rr[~np.isnan(rr)]
            row["median_response_hours"] = float(np.median(rr)) if len(rr) else math.nan
            row["p90_response_hours"] = float(np.percentile(rr, 90)) if len(rr) else math.nan
        rows.append(row)
    return pd.DataFrame(rows)


# -- charts -----------------------------------------------------------------------------------------


def check_chart_rows(data: pd.DataFrame) -> pd.DataFrame:
    """Charts aggregate first: refuse to send more than ``MAX_CHART_ROWS`` rows to the browser."""
    if len(data) > MAX_CHART_ROWS:
        raise ValueError(f"This chart would need {len(data):,} points; the limit is {MAX_CHART_ROWS:,}. "
                         "Choose a segment column with fewer groups.")
    return data


def nps_trend_chart(table: pd.DataFrame) -> AccessibleChart:
    """NPS by month, one line per segment (distinct colour and point shape) with its 95 % band."""
    alt = import_altair()
    data = check_chart_rows(table[["segment", "month", "responses", "nps", "nps_low", "nps_high"]].round(1))
    segs = list(dict.fromkeys(data["segment"]))
    colour = alt.Color("segment:N", title="Segment", scale=alt.Scale(domain=segs, range=list(PALETTE) * 4))
    base = alt.Chart(data).encode(x=alt.X("month:O", title="Month"))
    band = base.mark_area(opacity=0.15).encode(y=alt.Y("nps_low:Q", title="NPS (95% interval shaded)",
                                                       scale=alt.Scale(domain=[-100, 100])),
                                               y2="nps_high:Q", color=colour)
    line = base.mark_line(point=True).encode(
        y="nps:Q", color=colour, shape=alt.Shape("segment:N", title="Segment"),
        tooltip=["segment", "month", "responses", "nps", "nps_low", "nps_high"])
    chart = (band + line).properties(width=520, height=300, title="Net Promoter Score by month")
    parts = []
    for seg in segs:
        rows = data[data["segment"] == seg]
        parts.append(f"{seg}: {rows['nps'].iloc[0]:g} in {rows['month'].iloc[0]} to {rows['nps'].iloc[-1]:g} in "
                     f"{rows['month'].iloc[-1]}")
    desc = ("Line chart of NPS by month with shaded 95% intervals. " + "; ".join(parts) + ".")
    return AccessibleChart(chart, desc)


def funnel_chart(table: pd.DataFrame) -> AccessibleChart:
    """Bars for each step of the funnel (all segments together), labelled with count and abandonment."""
    alt = import_altair()
    total = table.groupby(["step", "step_name"], as_index=False)["count"].sum()
    start = total["count"].iloc[0]
    total["percent_of_start"] = (100 * total["count"] / start).round(1) if start else 0.0
    prev = total["count"].shift(1)
    total["abandonment"] = (100 * (prev - total["count"]) / prev).round(1).fillna(0)
    total["label"] = [f"{c:,} ({p:g}% of start" + (f"; {a:g}% dropped out" if i else "") + ")"
                      for i, (c, p, a) in enumerate(zip(total["count"], total["percent_of_start"],
                                                        total["abandonment"], strict=True))]
    data = check_chart_rows(total)
    bars = alt.Chart(data).mark_bar(color=PALETTE[0]).encode(
        y=alt.Y("step_name:N", sort=None, title=None), x=alt.X("count:Q", title="Rows reaching the step"),
        tooltip=["step_name", "count", "percent_of_start", "abandonment"])
    text = bars.mark_text(align="left", dx=4, color="#1a1a1a").encode(text="label:N")
    chart = (bars + text).properties(width=420, height=alt.Step(34), title="Funnel: rows reaching each step")
    desc = "Funnel bar chart. " + "; ".join(f"{n}: {lab}" for n, lab in zip(data["step_name"], data["label"],
                                                                          strict=True)) + "."
    return AccessibleChart(chart, desc)


def cohort_heatmap(table: pd.DataFrame, max_months: int = 12) -> AccessibleChart:
    """Heatmap of % of each cohort buying N months after their first purchase, with the numbers printed."""
    alt = import_altair()
    data = table[(table["months_since_first"] >= 1) & (table["months_since_first"] <= max_months)].copy()
    data["retention"] = data["retention"].round(0)
    data = check_chart_rows(data)
    heat = alt.Chart(data).encode(x=alt.X("months_since_first:O", title="Months since first purchase"),
                                  y=alt.Y("cohort:O", title="First purchase month"))
    rect = heat.mark_rect().encode(color=alt.Color("retention:Q", title="% buying",
                                                   scale=alt.Scale(scheme="blues", domain=[0, 60])),
                                   tooltip=["cohort", "months_since_first", "customers", "cohort_size", "retention"])
    text = heat.mark_text(fontSize=10).encode(
        text=alt.Text("retention:Q", format=".0f"),
        color=alt.condition("datum.retention > 35", alt.value("white"), alt.value("#1a1a1a")))
    chart = (rect + text).properties(width=alt.Step(30), height=alt.Step(16), title="Cohort retention (%)")
    avg = data.groupby("months_since_first")["retention"].mean().round(0)
    parts = ", ".join(f"month {int(k)}: {v:g}%" for k, v in avg.head(6).items())
    desc = (f"Heatmap of the share of each monthly cohort buying again. Average across cohorts: {parts}. "
            "Each cell shows its percentage as a number.")
    return AccessibleChart(chart, desc)


def complaints_chart(table: pd.DataFrame) -> AccessibleChart:
    """Median hours to resolution by segment, with the 90th percentile in the label."""
    alt = import_altair()
    data = check_chart_rows(table[["segment", "median_resolution_hours", "p90_resolution_hours"]].round(1))
    data = data.assign(label=[f"median {m:g} h, 90% within {p:g} h" for m, p in
                              zip(data["median_resolution_hours"], data["p90_resolution_hours"], strict=True)])
    bars = alt.Chart(data).mark_bar(color=PALETTE[1]).encode(
        y=alt.Y("segment:N", sort="-x", title=None), x=alt.X("median_resolution_hours:Q", title="Median hours"),
        tooltip=["segment", "median_resolution_hours", "p90_resolution_hours"])
    text = bars.mark_text(align="left", dx=4, color="#1a1a1a").encode(text="label:N")
    chart = (bars + text).properties(width=360, height=alt.Step(30), title="Hours to resolve a complaint")
    desc = "Bar chart of median hours to resolve a complaint. " + "; ".join(
        f"{s}: {lab}" for s, lab in zip(data["segment"], data["label"], strict=True)) + "."
    return AccessibleChart(chart, desc)


# -- running an analysis ----------------------------------------------------------------------------


@dataclass(frozen=True)
class WorkbenchResult:
    title: str
    table: pd.DataFrame
    summary: tuple[str, ...]
    charts: tuple[AccessibleChart, ...] = field(default=())
    filename: str = "results.csv"


def _check_mapping(frame: pd.DataFrame, spec: Analysis, mapping: dict[str, str | None]) -> dict[str, str | None]:
    clean: dict[str, str | None] = {}
    for role in spec.roles:
        col = mapping.get(role.key)
        col = None if col in (None, "", NOT_USED, CHOOSE) else col
        if col is not None and col not in frame.columns:
            raise ValueError(f"There is no column called “{col}” in this file; choose one from the list.")
        if col is None and role.required:
            raise ValueError(f"Choose the column that holds: {role.label}. This analysis needs it.")
        clean[role.key] = col
    chosen = [c for c in clean.values() if c]
    if len(chosen) != len(set(chosen)):
        raise ValueError("The same column is chosen for two roles; choose a different column for each.")
    return clean


def run_analysis(frame: pd.DataFrame, analysis: str, mapping: dict[str, str | None]) -> WorkbenchResult:
    """Compute one analysis on ``frame`` with the chosen column ``mapping`` (role → column).

    When a date column holds times with zones, the summary says they were converted to UTC."""
    result = _run_analysis(frame, analysis, mapping)
    zoned = [col for role in ANALYSES[analysis].roles if role.kind in ("date", "period")
             and (col := mapping.get(role.key)) in frame.columns and has_time_zones(frame, col)]
    if zoned:
        names = " and ".join(f"“{c}”" for c in zoned)
        result = replace(result, summary=(*result.summary, f"Times in {names} carry time zones: they were converted "
                                          "to UTC (Greenwich Mean Time), and any time without a zone was taken as "
                                          "UTC."))
    return result


def _run_analysis(frame: pd.DataFrame, analysis: str, mapping: dict[str, str | None]) -> WorkbenchResult:
    spec = _analysis(analysis)
    m = _check_mapping(frame, spec, mapping)
    if analysis == "survey":
        table = survey_by_group(frame, m["score"], m["period"], m["segment"], m["csat"])
        n = int(table["responses"].sum())
        pro, det = int(table["promoters"].sum()), int(table["detractors"].sum())
        overall = nps_columns(np.array([pro]), np.array([det]), np.array([n]))
        summary = [f"{n:,} answers in {table['month'].nunique()} months and {table['segment'].nunique()} "
                   f"segment(s). Overall NPS {overall['nps'][0]:.1f} (95% interval {overall['nps_low'][0]:.1f} "
                   f"to {overall['nps_high'][0]:.1f})."]
        blank = len(frame) - n
        if blank:
            summary.append(f"{blank:,} rows had no likelihood-to-recommend answer and were left out.")
        small = int((table["responses"] < 30).sum())
        if small:
            summary.append(f"{small} segment-month group(s) have fewer than 30 answers: their intervals are wide "
                           "and only a rough guide.")
        return WorkbenchResult(spec.title, table, tuple(summary), (nps_trend_chart(table),), "nps-by-segment-month.csv")
    if analysis == "funnel":
        steps = [m[k] for k in ("step2", "step3", "step4", "step5") if m[k]]
        table = funnel_by_group(frame, steps, m["segment"])
        chart = funnel_chart(table)
        return WorkbenchResult(spec.title, table, (chart.description,), (chart,), "funnel-by-segment.csv")
    if analysis == "cohort":
        table, s = cohort_retention(frame, m["customer"], m["date"], m["value"])
        summary = [f"{int(s['customers']):,} customers made {int(s['transactions']):,} purchases; "
                   f"{s['repeat_purchase_rate']:.1f}% bought more than once (repeat-purchase rate)."]
        if "average_order_value" in s:
            summary.append(f"Average order value £{s['average_order_value']:,.2f}; revenue per customer so far "
                           f"£{s['revenue_per_customer']:,.2f}.")
        return WorkbenchResult(spec.title, table, tuple(summary), (cohort_heatmap(table),), "cohort-retention.csv")
    table = complaint_times(frame, m["opened"], m["resolved"], m["first_response"], m["segment"])
    chart = complaints_chart(table)
    summary = (f"{int(table['complaints'].sum()):,} complaints, {int(table['still_open'].sum()):,} still open. "
               "Medians are used because a few very slow cases pull the mean up.",)
    return WorkbenchResult(spec.title, table, summary, (chart,), "complaint-times.csv")


# -- export -----------------------------------------------------------------------------------------


def results_csv(table: pd.DataFrame) -> str:
    """The results table as CSV, numbers to 3 decimal places, written by
    :func:`widgets.exports.frame_csv_text`: every cell and heading (segment names and column names come
    from the learner's file) neutralised against formula injection (OWASP "CSV Injection")."""
    return frame_csv_text(table.round(3))


def download_link_html(table: pd.DataFrame, filename: str, label: str = "Download the results as CSV") -> str:
    """An ``<a download>`` with the CSV in a data: URI (nothing is written on the server)."""
    safe_name = re.sub(r"[^A-Za-z0-9._-]+", "-", filename).strip("-") or "results.csv"
    return download_link(safe_name, "text/csv", results_csv(table), f"{label} ({safe_name})", css_class="cx-download")
