"""DESIGN.md section 2: `drivers` never imports `results`, so the two apps do not grow into one."""

import ast
from pathlib import Path

import drivers

DRIVERS_APP = Path(drivers.__file__).parent


def imported_modules(source: Path) -> set[str]:
    tree = ast.parse(source.read_text(), filename=str(source))
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
    return names


def test_no_module_of_the_drivers_app_imports_results():
    offenders = {
        str(source.relative_to(DRIVERS_APP.parent)): sorted(
            name for name in imported_modules(source) if name == "results" or name.startswith("results.")
        )
        for source in sorted(DRIVERS_APP.rglob("*.py"))
    }
    assert {path: names for path, names in offenders.items() if names} == {}


def test_the_check_sees_an_import_of_results(tmp_path):
    module = tmp_path / "module.py"
    module.write_text("from results.records import totals\nimport results.stats.histories\n")
    assert imported_modules(module) == {"results.records", "results.stats.histories"}
