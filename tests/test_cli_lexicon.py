"""``incident-kit lexicon list`` / ``lexicon show NAME``."""

from __future__ import annotations

import json

import pytest

from typer.testing import CliRunner

from incident_kit.cli import app
from incident_kit.text.concepts import lexicon_names

runner = CliRunner()


def test_show_prints_patterns_and_examples() -> None:
    result = runner.invoke(app, ["lexicon", "show", "peer_review"])
    assert result.exit_code == 0
    assert "four[- ]eyes?" in result.stdout
    assert "Examples (found):" in result.stdout and "Counterexamples (not found):" in result.stdout


@pytest.mark.parametrize(("name", "unit"), [("peer_review", "clause"), ("ccadb_disclosed", "sentence")])
def test_show_says_which_matcher_reads_the_lexicon(name: str, unit: str) -> None:
    result = runner.invoke(app, ["lexicon", "show", name])
    assert result.exit_code == 0
    assert f"(unit = {unit})" in result.stdout


def test_show_json_round_trips() -> None:
    result = runner.invoke(app, ["lexicon", "show", "aware", "--format", "json"])
    data = json.loads(result.stdout)
    assert data["name"] == "aware" and data["examples"] and data["counterexamples"]


def test_list_names_every_lexicon() -> None:
    result = runner.invoke(app, ["lexicon", "list"])
    assert result.exit_code == 0
    listed = [line.split()[0] for line in result.stdout.splitlines()]
    assert listed == lexicon_names()


def test_unknown_lexicon_is_one_line_and_exit_2() -> None:
    result = runner.invoke(app, ["lexicon", "show", "no_such_thing"])
    assert result.exit_code == 2
    assert "no lexicon named 'no_such_thing'" in result.output
    assert "Traceback" not in result.output
