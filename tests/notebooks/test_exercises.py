"""The notebooks' exercises: every check accepts its reference solution and rejects each wrong answer with a
message, every exercise has a starter cell tagged `exercise` in its notebook, and every tagged cell checks an
exercise of its notebook's sheet (notebooks/exercises/nbNN.py, solutions in notebooks/solutions/nbNN.py)."""
import importlib
import json
import re
import sys
from pathlib import Path

import pytest

NOTEBOOKS = Path(__file__).resolve().parents[2] / "notebooks"
sys.path.insert(0, str(NOTEBOOKS))  # as in a notebook, whose working directory is notebooks/
SHEETS = sorted(p.stem for p in (NOTEBOOKS / "exercises").glob("nb[0-9][0-9].py"))
CHECK_CALL = re.compile(r"""\bex\.check\(\s*["'](\w+)["']""")


def sheet(name):
    return importlib.import_module(f"exercises.{name}").sheet


def notebook_of(sheet_name):
    (path,) = NOTEBOOKS.glob(f"{sheet_name[2:]}_*.ipynb")
    return json.loads(path.read_text(encoding="utf-8"))


def exercise_cells(sheet_name):
    return ["".join(cell["source"]) for cell in notebook_of(sheet_name)["cells"]
            if "exercise" in cell.get("metadata", {}).get("tags", [])]


ALL = [(s, name) for s in SHEETS for name in sheet(s).exercises]


@pytest.mark.parametrize("sheet_name, name", ALL, ids=[f"{s}-{n}" for s, n in ALL])
def test_the_check_accepts_the_solution_and_rejects_each_wrong_answer(sheet_name, name, capsys):
    exercises = sheet(sheet_name)
    passed, message = exercises.verify(name, exercises.reference(name))
    assert passed, f"the reference solution fails its own check: {message}"
    for wrong in exercises[name].wrong:
        passed, message = exercises.verify(name, wrong)
        assert not passed, f"the check accepts the wrong answer {wrong!r}"
        assert message and message != "not attempted yet", message
    assert exercises[name].hint


@pytest.mark.parametrize("sheet_name", SHEETS)
def test_each_exercise_has_one_tagged_starter_cell_in_its_notebook(sheet_name):
    checked = [CHECK_CALL.findall(cell) for cell in exercise_cells(sheet_name)]
    assert all(len(names) == 1 for names in checked), "each cell tagged 'exercise' checks exactly one exercise"
    names = [found[0] for found in checked]
    assert sorted(names) == sorted(sheet(sheet_name).exercises), "tagged cells and the sheet's exercises differ"


@pytest.mark.parametrize("sheet_name", SHEETS)
def test_an_unsolved_answer_is_not_attempted_and_the_cells_below_get_the_reference(sheet_name, capsys):
    exercises = sheet(sheet_name)
    for name in exercises.exercises:
        assert exercises.verify(name, ...) == (False, "not attempted yet")
        assert exercises.check(name, ...) is exercises.reference(name)
    assert "not attempted yet" in capsys.readouterr().out


@pytest.mark.parametrize("sheet_name", SHEETS)
def test_a_solution_that_is_a_value_is_shown_with_its_reasoning(sheet_name, capsys):
    """ex.solution(name) of a number or a list prints the comment kept with it in solutions/, not the bare value."""
    exercises = sheet(sheet_name)
    for name in exercises.exercises:
        if callable(exercises.reference(name)):
            continue
        exercises.solution(name)
        shown = capsys.readouterr().out
        assert f"{name} =" in shown and "#" in shown, f"ex.solution({name!r}) shows no reasoning:\n{shown}"
