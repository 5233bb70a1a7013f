"""``turnus solve`` writing the workbook: the language, and messages (exit 2, no traceback) when
the output cannot be written."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
import yaml
from openpyxl import load_workbook
from typer.testing import CliRunner

from helpers import base_scenario
from turnus.cli import app

runner = CliRunner()


@pytest.fixture
def scenario(tmp_path: Path) -> Path:
    """The one-week test office with a rule profile of its own (coverage only): solves at once."""
    (tmp_path / "quick.yaml").write_text("rules: {coverage: {}}\n", encoding="utf-8")
    path = tmp_path / "office.yaml"
    data = base_scenario(profile="quick.yaml", office="Testkontoret")
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    return path


def solve(*args: str | Path) -> tuple[int, str]:
    result = runner.invoke(app, ["solve", *map(str, args), "-t", "5"])
    assert "Traceback" not in result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)
    return result.exit_code, " ".join(result.output.split())  # undo the console's wrapping


def test_language_follows_the_scenario_unless_given(scenario: Path, tmp_path: Path) -> None:
    code, output = solve(scenario, "-o", tmp_path / "nb.xlsx")
    assert code == 0, output
    assert "bemanningsplan dekket" in output
    assert load_workbook(tmp_path / "nb.xlsx").sheetnames[0] == "Turnus"
    code, output = solve(scenario, "-o", tmp_path / "en.xlsx", "--lang", "en")
    assert code == 0, output
    assert "staffing plan covered" in output and "100.0%" in output
    assert load_workbook(tmp_path / "en.xlsx").sheetnames[0] == "Roster"


def test_missing_folder(scenario: Path, tmp_path: Path) -> None:
    code, output = solve(scenario, "-o", tmp_path / "nowhere" / "r.xlsx")
    assert code == 2
    assert "does not exist" in output


def test_read_only_target_is_left_alone(scenario: Path, tmp_path: Path) -> None:
    target = tmp_path / "locked.xlsx"
    target.write_bytes(b"old")
    target.chmod(0o444)
    code, output = solve(scenario, "-o", target)
    assert code == 2
    assert "read-only" in output
    assert target.read_bytes() == b"old"


def test_an_input_is_never_overwritten(scenario: Path) -> None:
    before = scenario.read_bytes()
    code, output = solve(scenario, "-o", scenario)
    assert code == 2
    assert "refusing to overwrite an input file" in output
    assert scenario.read_bytes() == before


def test_target_open_in_another_program(
    scenario: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Windows refuses to replace a file Excel has open; the message says so, and no temporary
    file is left behind."""

    def refuse(src: object, dst: object) -> None:
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(os, "replace", refuse)
    code, output = solve(scenario, "-o", tmp_path / "open.xlsx")
    assert code == 2
    assert "open in another program" in output
    assert not [p for p in os.listdir(tmp_path) if p.endswith(".tmp")]
