"""Configuration files: discovery, keys, types, per-file ignores, precedence of CLI values."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from incident_kit.config import ConfigError, ConfigFinder, load_config_file, parse_as_of, parse_severity
from incident_kit.lint.engine import _Overrides
from incident_kit.lint.rule import ERROR, NOTICE, WARNING


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def test_all_keys_of_a_dot_file(tmp_path: Path) -> None:
    cfg = load_config_file(
        write(
            tmp_path / ".incident-kit.toml",
            'select = ["IK3", "ik401"]\nignore = "IK303"\nfail-on = "warning"\nas-of = 2026-05-01\n'
            'whiteboard = "[ca-compliance]"\n[per-file-ignores]\n"old/*.md" = ["IK1"]\n',
        )
    )
    assert cfg is not None
    assert cfg.select == ("IK3", "IK401") and cfg.ignore == ("IK303",)
    assert cfg.fail_on is WARNING and cfg.as_of == date(2026, 5, 1)
    assert cfg.whiteboard == "[ca-compliance]"
    assert cfg.per_file_ignores == {"old/*.md": ("IK1",)}
    assert cfg.warnings == []


def test_pyproject_table_and_pyproject_without_one(tmp_path: Path) -> None:
    with_table = write(tmp_path / "a" / "pyproject.toml", '[tool.incident-kit]\nas-of = "2025-12-31"\n')
    assert load_config_file(with_table).as_of == date(2025, 12, 31)  # type: ignore[union-attr]
    without = write(tmp_path / "b" / "pyproject.toml", '[project]\nname = "x"\n')
    assert load_config_file(without) is None


def test_nearest_config_wins_and_pyproject_without_table_is_skipped(tmp_path: Path) -> None:
    write(tmp_path / ".incident-kit.toml", 'fail-on = "notice"\n')
    write(tmp_path / "team" / "pyproject.toml", '[tool.incident-kit]\nfail-on = "warning"\n')
    write(tmp_path / "team" / "sub" / "pyproject.toml", '[project]\nname = "x"\n')
    report = write(tmp_path / "team" / "sub" / "r.md", "x")
    other = write(tmp_path / "elsewhere" / "r.md", "x")
    finder = ConfigFinder()
    assert finder.for_file(report).fail_on is WARNING  # type: ignore[union-attr]
    assert finder.for_file(other).fail_on is NOTICE  # type: ignore[union-attr]


def test_dot_file_beats_pyproject_in_the_same_folder(tmp_path: Path) -> None:
    write(tmp_path / "pyproject.toml", '[tool.incident-kit]\nfail-on = "warning"\n')
    write(tmp_path / ".incident-kit.toml", 'fail-on = "notice"\n')
    assert ConfigFinder().for_file(tmp_path / "r.md").fail_on is NOTICE  # type: ignore[union-attr]


def test_unknown_keys_warn_and_keys_of_other_commands_are_kept(tmp_path: Path) -> None:
    cfg = load_config_file(write(tmp_path / ".incident-kit.toml", 'policy-paths = ["p"]\nselekt = ["IK1"]\n'))
    assert cfg is not None
    # paths are resolved against the folder of the file that names them
    assert cfg.extra == {"policy-paths": [str((tmp_path / "p").resolve())], "selekt": ["IK1"]}
    assert len(cfg.warnings) == 1 and "selekt" in cfg.warnings[0] and "unknown key" in cfg.warnings[0]
    finder = ConfigFinder()
    finder.for_file(tmp_path / "a.md")
    finder.for_file(tmp_path / "b.md")
    assert finder.warnings() == cfg.warnings  # each file's warnings once


@pytest.mark.parametrize(
    ("text", "key"),
    [
        ("select = 3\n", "select"),
        ('select = ["IK3x"]\n', "select"),
        ('fail-on = "fatal"\n', "fail-on"),
        ("fail-on = 1\n", "fail-on"),
        ('as-of = "tomorrow"\n', "as-of"),
        ("as-of = 2026-05-01T10:00:00Z\n", "as-of"),
        ("whiteboard = [1]\n", "whiteboard"),
        ('per-file-ignores = "IK1"\n', "per-file-ignores"),
        ('[per-file-ignores]\n"*.md" = [1]\n', "per-file-ignores"),
    ],
)
def test_wrongly_typed_values_name_file_and_key(tmp_path: Path, text: str, key: str) -> None:
    path = write(tmp_path / ".incident-kit.toml", text)
    with pytest.raises(ConfigError) as err:
        load_config_file(path)
    message = str(err.value)
    assert str(path) in message and key in message and "\n" not in message


def test_invalid_toml_gives_line_and_column(tmp_path: Path) -> None:
    path = write(tmp_path / ".incident-kit.toml", 'select = ["IK1"]\nfail-on = \n')
    with pytest.raises(ConfigError, match=r"\.incident-kit\.toml:2:\d+: invalid TOML"):
        load_config_file(path)


def test_pyproject_tool_table_must_be_a_table(tmp_path: Path) -> None:
    path = write(tmp_path / "pyproject.toml", '[tool]\nincident-kit = "yes"\n')
    with pytest.raises(ConfigError, match="tool.incident-kit: expected a table"):
        load_config_file(path)


def test_per_file_ignores_globs(tmp_path: Path) -> None:
    cfg = load_config_file(
        write(
            tmp_path / ".incident-kit.toml",
            '[per-file-ignores]\n"old/*.md" = ["IK1"]\n"legacy-*.txt" = ["IK3"]\n"**/drafts/*.yaml" = ["IK9"]\n',
        )
    )
    assert cfg is not None
    assert cfg.ignores_for(tmp_path / "old" / "a.md") == ("IK1",)
    assert cfg.ignores_for(tmp_path / "new" / "a.md") == ()
    assert cfg.ignores_for(tmp_path / "x" / "legacy-2019.txt") == ("IK3",)  # no slash: matches the name
    assert cfg.ignores_for(tmp_path / "drafts" / "d.yaml") == ("IK9",)  # **/ matches no folder too
    assert cfg.ignores_for(tmp_path / "a" / "drafts" / "d.yaml") == ("IK9",)


def test_cli_values_win_over_the_file(tmp_path: Path) -> None:
    cfg = load_config_file(
        write(
            tmp_path / ".incident-kit.toml",
            'select = ["IK3"]\nignore = ["IK301"]\nfail-on = "notice"\nas-of = 2026-01-01\nwhiteboard = "[a]"\n'
            '[per-file-ignores]\n"*.md" = ["IK302"]\n',
        )
    )
    file = tmp_path / "r.md"
    from_file = _Overrides().options(cfg, file)
    assert from_file.selection.enabled("IK303") and not from_file.selection.enabled("IK301")
    assert not from_file.selection.enabled("IK302")  # per-file ignore
    assert (from_file.fail_on, from_file.as_of, from_file.whiteboard) == (NOTICE, date(2026, 1, 1), "[a]")
    cli = _Overrides(
        as_of=date(2026, 6, 1), whiteboard="[b]", select=("IK1",), ignore=(), fail_on=ERROR
    ).options(cfg, file)
    assert cli.selection.enabled("IK101") and not cli.selection.enabled("IK303")
    # A CLI --ignore replaces the file's ignore list; per-file ignores still apply.
    family = _Overrides(select=("IK3",), ignore=()).options(cfg, file)
    assert family.selection.enabled("IK301") and not family.selection.enabled("IK302")
    assert (cli.fail_on, cli.as_of, cli.whiteboard) == (ERROR, date(2026, 6, 1), "[b]")
    assert _Overrides().options(None, file).fail_on is ERROR


def test_option_parsers() -> None:
    assert parse_severity(" Warning ") is WARNING
    assert parse_as_of("2026-02-28") == date(2026, 2, 28)
    for bad in ("2026-02-30", "2026-2-3", "20260203", "2026-02-03T00:00"):
        with pytest.raises(ConfigError, match="YYYY-MM-DD"):
            parse_as_of(bad)
