"""``turnus template`` and ``turnus convert`` from the command line."""

from __future__ import annotations

from pathlib import Path

from openpyxl import load_workbook
from typer.testing import CliRunner

from helpers import DATA_DIR
from turnus.cli import app
from turnus.io.scenario_file import load_scenario

runner = CliRunner()


def test_template_convert_and_back(tmp_path: Path) -> None:
    """YAML -> template -> YAML gives the same scenario; extra columns are warned about."""
    book = tmp_path / "tiny.xlsx"
    result = runner.invoke(app, ["template", str(book), "--from", str(DATA_DIR / "tiny.yaml")])
    assert result.exit_code == 0, result.output
    workbook = load_workbook(book)
    workbook["Employees"]["Z1"] = "Telefon"
    workbook.save(book)
    result = runner.invoke(app, ["convert", str(book), str(tmp_path / "back.yaml")])
    assert result.exit_code == 0, result.output
    assert "Employees!Z1: column 'Telefon' is not part of the scenario; ignored" in result.output
    assert load_scenario(tmp_path / "back.yaml") == load_scenario(DATA_DIR / "tiny.yaml")


def test_convert_reports_every_problem_by_cell(tmp_path: Path) -> None:
    book = tmp_path / "tiny.xlsx"
    runner.invoke(app, ["convert", str(DATA_DIR / "tiny.yaml"), str(book)])
    workbook = load_workbook(book)
    workbook["Employees"]["C6"] = "120 %"
    workbook["Wishes"]["B3"] = "someday"
    workbook.save(book)
    result = runner.invoke(app, ["convert", str(book), str(tmp_path / "out.yaml")])
    assert result.exit_code == 2
    assert "Employees!C6: position_pct: Input should be less than or equal to 100" in result.output
    assert "Wishes!B3: date: expected a date like 31.01.2027" in result.output
    assert "Traceback" not in result.output and not (tmp_path / "out.yaml").exists()


def test_template_refuses_other_formats(tmp_path: Path) -> None:
    result = runner.invoke(app, ["template", str(tmp_path / "template.csv")])
    assert result.exit_code == 2
    assert "the template is an .xlsx workbook" in result.output
