"""Generated pages and the table of contents come from the curriculum and stay in step with it."""

from __future__ import annotations

import yaml

from widgets.bookgen import ROOT, md, overview_page, toc_text
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
