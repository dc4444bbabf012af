"""Links from the static book to the live Voila apps (widgets.live)."""

import pytest

from widgets import live


def test_default_points_at_make_dashboards(monkeypatch):
    monkeypatch.delenv(live.LIVE_URL_ENV, raising=False)
    assert live.live_app_url("quiz") == "http://127.0.0.1:8866/voila/render/quiz.ipynb"


def test_configured_base_gets_a_slash_and_fragment(monkeypatch):
    monkeypatch.setenv(live.LIVE_URL_ENV, "https://apps.example-college.ac.uk/cx")
    assert live.live_app_url("journey-builder", "hotel") == (
        "https://apps.example-college.ac.uk/cx/voila/render/journey-builder.ipynb#hotel")


def test_bad_app_name_is_refused():
    with pytest.raises(ValueError, match="app name"):
        live.live_app_url("../secret")


def test_link_text_is_escaped(monkeypatch):
    monkeypatch.delenv(live.LIVE_URL_ENV, raising=False)
    out = live.live_link_html("quiz", "<b>Open</b>")
    assert "&lt;b&gt;Open&lt;/b&gt;" in out and "<b>" not in out
    assert 'href="http://127.0.0.1:8866/voila/render/quiz.ipynb"' in out
