"""Generated pages and the table of contents come from the curriculum and stay in step with it."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

from widgets.bookgen import ROOT, chapters_for, md, overview_page, toc_text
from widgets.curriculum import load_all, load_spec


def test_committed_generated_files_are_up_to_date():
    specs = load_all()
    assert (ROOT / "_toc.yml").read_text(encoding="utf-8") == toc_text(specs), "run: python -m widgets.bookgen"


def test_toc_has_one_part_per_spec_in_level_order_and_only_existing_files():
    toc = yaml.safe_load((ROOT / "_toc.yml").read_text(encoding="utf-8"))
    spec_parts = [p for p in toc["parts"] if p["caption"].startswith("Level")]
    assert [p["caption"].split(":")[0] for p in spec_parts] == ["Level 2", "Level 3", "Level 4", "Level 4", "Level 6"]
    for part in toc["parts"]:
        for chapter in part["chapters"]:
            stem = ROOT / chapter["file"]
            assert stem.with_suffix(".md").exists() or stem.with_suffix(".ipynb").exists(), chapter["file"]


def test_overview_page_has_every_criterion_label_and_the_chart():
    spec = load_spec("cim-l4-cx")
    page = overview_page(spec, [])
    for c in spec.criteria():
        assert f"(ac-cim-l4-cx-{c.id.replace('.', '-')})=" in page
    assert 'class="cx-chart"' in page and "LO3 20%" in page
    assert "The chapters for this specification are still being written" in page


def test_graded_spec_page_shows_pass_merit_distinction():
    page = overview_page(load_spec("ocr-l2-u10"), [])
    assert "| Learning outcome | Pass | Merit | Distinction |" in page
    assert "**D2**" in page


def test_l6_page_shows_exam_bands_and_command_verbs():
    page = overview_page(load_spec("cim-l6-cjo"), [])
    assert "45 questions in 90 minutes" in page
    assert "| Distinction | 80–100% |" in page and "| Fail | 0–59% |" in page
    assert "## Command verbs" in page


def test_markdown_escaping_keeps_text_as_text():
    assert md("<img src=x onerror=alert(1)> *bold* `code`") == r"\<img src=x onerror=alert(1)\> \*bold\* \`code\`"


def test_markdown_pages_in_a_chapter_folder_join_the_book_in_order(tmp_path):
    folder = tmp_path / "chapters" / "ocr-l2-u10"
    folder.mkdir(parents=True)
    for name in ("02-b.ipynb", "01-a.ipynb", "05-for-tutors.md", "README.md", "notes.txt"):
        (folder / name).write_text("{}", encoding="utf-8")
    assert [p.name for p in chapters_for("ocr-l2-u10", tmp_path)] == ["01-a.ipynb", "02-b.ipynb", "05-for-tutors.md"]
    toc = yaml.safe_load((ROOT / "_toc.yml").read_text(encoding="utf-8"))
    level2 = next(p for p in toc["parts"] if p["caption"].startswith("Level 2"))
    assert level2["chapters"][-1] == {"file": "chapters/ocr-l2-u10/05-for-tutors"}


def test_tutor_page_names_every_unit_the_specification_links_to():
    """The OCR Unit 10 tutor page lists the synoptic links in the specification (seed text, if present)."""
    seed = ROOT.parent / "shared" / "seeds" / "004_a30726437fca4438.txt"
    if not seed.exists():
        pytest.skip(f"the OCR specification text is not here ({seed}); a clone outside the workspace skips this")
    text = seed.read_text(encoding="utf-8")
    links = text[text.index("Links between this unit and other units"):text.index("MEANINGFUL EMPLOYER")]
    units = set(re.findall(r"Unit (\d) (?:CS |RT )?([A-Z][a-z]+(?: [a-z]+)*)", links))
    assert len(units) >= 6
    page = (ROOT / "chapters" / "ocr-l2-u10" / "05-for-tutors.md").read_text(encoding="utf-8")
    for number, title in units:
        assert re.search(rf"Unit {number}(?: \((?:CS|RT)\))? {re.escape(title)}", page), f"Unit {number} {title}"
    for heading in ("## Links to other units", "## Involving employers", "## How learners should reference sources"):
        assert heading in page


def test_a_unit_page_holds_its_outcome_pages_as_sections(tmp_path):
    """CIM modules (several units): page <u>0 is the unit's chapter, <u>1.. its sections (DESIGN.md)."""
    from widgets.bookgen import chapter_entries

    folder = tmp_path / "chapters" / "cim-l3-cc"
    folder.mkdir(parents=True)
    for name in ("10-unit-1.md", "11-a.ipynb", "12-b.ipynb", "20-unit-2.md", "21-c.ipynb", "30-unit-3.md"):
        (folder / name).write_text("{}", encoding="utf-8")
    entries = chapter_entries(load_spec("cim-l3-cc"), chapters_for("cim-l3-cc", tmp_path))
    assert entries == [
        {"file": "chapters/cim-l3-cc/10-unit-1",
         "sections": [{"file": "chapters/cim-l3-cc/11-a"}, {"file": "chapters/cim-l3-cc/12-b"}]},
        {"file": "chapters/cim-l3-cc/20-unit-2", "sections": [{"file": "chapters/cim-l3-cc/21-c"}]},
        {"file": "chapters/cim-l3-cc/30-unit-3"},
    ]
    # a single-unit spec stays flat, whatever its page numbers
    assert chapter_entries(load_spec("ocr-l2-u10"), [Path("chapters/ocr-l2-u10/10-x.ipynb"),
                                                      Path("chapters/ocr-l2-u10/11-y.ipynb")]) == [
        {"file": "chapters/ocr-l2-u10/10-x"}, {"file": "chapters/ocr-l2-u10/11-y"}]
    # a page split in two: "01b-" continues "01-" as its section
    (tmp_path / "chapters" / "hn-l4-u16").mkdir(parents=True)
    for name in ("01-a.ipynb", "01b-a-guidance.ipynb", "02-b.ipynb"):
        (tmp_path / "chapters" / "hn-l4-u16" / name).write_text("{}", encoding="utf-8")
    assert chapter_entries(load_spec("hn-l4-u16"), chapters_for("hn-l4-u16", tmp_path)) == [
        {"file": "chapters/hn-l4-u16/01-a", "sections": [{"file": "chapters/hn-l4-u16/01b-a-guidance"}]},
        {"file": "chapters/hn-l4-u16/02-b"}]
