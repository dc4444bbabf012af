"""deploy/kubernetes/config.yaml against the Zero to JupyterHub chart's own values schema.

Helm checks the chart's default values merged with the user's (maps merged key by key, anything else
replaced, ``null`` removing a key) against ``values.schema.json``; so does this test, with the schema and
defaults vendored in ``../shared/vendor/z2jh/`` (skipped with the reason when that folder is absent).
"""

from __future__ import annotations

import copy
import json
from pathlib import Path

import jsonschema
import pytest
import yaml

ROOT = Path(__file__).resolve().parents[1]
VALUES = ROOT / "deploy" / "kubernetes" / "config.yaml"
DOCKERFILE = ROOT / "deploy" / "kubernetes" / "Dockerfile"


def helm_merge(defaults, overrides):
    """Helm's coalescing of a values file onto the chart's defaults."""
    if isinstance(defaults, dict) and isinstance(overrides, dict):
        merged = dict(defaults)
        for key, value in overrides.items():
            if value is None:
                merged.pop(key, None)
            else:
                merged[key] = helm_merge(defaults.get(key), value)
        return merged
    return overrides


@pytest.fixture(scope="module")
def chart(vendor_dir):
    folder = vendor_dir / "z2jh"
    if not (folder / "values.schema.json").is_file():
        pytest.skip(f"needs the Zero to JupyterHub values schema in {folder}, absent here")
    schema = json.loads((folder / "values.schema.json").read_text(encoding="utf-8"))
    defaults = yaml.safe_load((folder / "values.yaml").read_text(encoding="utf-8"))
    return jsonschema.Draft7Validator(schema), defaults


def problems(chart, values) -> list[str]:
    validator, defaults = chart
    return [f"{'.'.join(map(str, e.absolute_path)) or '(top)'}: {e.message}"
            for e in validator.iter_errors(helm_merge(defaults, values))]


@pytest.fixture(scope="module")
def values() -> dict:
    return yaml.safe_load(VALUES.read_text(encoding="utf-8"))


def test_the_values_file_is_valid_for_the_chart(chart, values):
    assert problems(chart, values) == []


@pytest.mark.parametrize("change, where", [
    (lambda v: v["singleuser"].__setitem__("defaultURL", "/voila"), "singleuser"),  # misspelt key
    (lambda v: v["cull"].__setitem__("timeout", "one hour"), "cull.timeout"),  # a string for a number
    (lambda v: v["singleuser"]["storage"].__setitem__("homeMountPath", None), "singleuser.storage"),  # required
    (lambda v: v["scheduling"]["userPlaceholder"].__setitem__("replica", 30), "scheduling.userPlaceholder"),
])
def test_a_setting_the_chart_would_reject_fails(chart, values, change, where):
    broken = copy.deepcopy(values)
    change(broken)
    found = problems(chart, broken)
    assert found and all(p.startswith(where) for p in found), found


def test_the_values_carry_the_courses_decisions(values):
    single = values["singleuser"]
    assert single["defaultUrl"] == "/voila/render/course-map.ipynb"
    assert single["memory"]["guarantee"] and single["memory"]["limit"]
    assert values["cull"]["enabled"] and values["scheduling"]["userPlaceholder"]["enabled"]
    assert values["prePuller"]["hook"]["enabled"] and values["prePuller"]["continuous"]["enabled"]
    assert single["storage"]["type"] == "dynamic" and single["extraEnv"]["CX_WORK_DIR"].startswith("/home/jovyan/")
    tutors = values["hub"]["config"]["KubeSpawner"]["group_overrides"]["01-tutors-get-jupyterlab"]
    assert tutors["groups"] == ["tutors"] and tutors["spawner_override"]["default_url"].startswith("/lab")
    assert "admin_users" not in values["hub"]["config"]["Authenticator"]  # named at install, not in the repo


def test_the_image_is_pinned_and_installs_the_courses_pins():
    text = DOCKERFILE.read_text(encoding="utf-8")
    base = next(line.split()[1] for line in text.splitlines() if line.startswith("FROM "))
    assert base.startswith("quay.io/jupyter/") and ":" in base and not base.endswith((":latest", ":python-3.11"))
    assert "requirements.txt" in text and "deploy/jupyterhub/requirements.txt" in text
