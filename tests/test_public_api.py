"""The public API: what `import factcheck` offers, that it stays cheap and typed, and that
the examples of docs/api.md run as written."""

import inspect
import json
import re
import shutil
import subprocess
import sys
from enum import Enum

import pytest
from pydantic import BaseModel

import factcheck
from tests.conftest import ROOT

API_DOC = ROOT / "docs" / "api.md"
HEAVY = ("torch", "chromadb", "langchain_core", "langchain_chroma", "sentence_transformers")


def _imported_after(code: str) -> list[str]:
    probe = (
        f"import sys, json\n{code}\n"
        f"print(json.dumps(sorted({{m.split('.')[0] for m in sys.modules}} & {set(HEAVY)!r})))"
    )
    result = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, timeout=120, check=True
    )
    return json.loads(result.stdout)


def test_import_factcheck_loads_no_model_store_or_langchain():
    assert _imported_after("import factcheck") == []


def test_settings_records_and_errors_load_without_the_heavy_stack():
    code = "import factcheck\nfactcheck.Settings, factcheck.Report, factcheck.FactcheckError"
    assert _imported_after(code) == []


def test_every_public_name_resolves_to_its_module_object():
    from factcheck import config, errors, models, pipeline, registry, report, runnable

    assert factcheck.check_article is pipeline.check_article
    assert factcheck.Pipeline is pipeline.Pipeline
    assert factcheck.Settings is config.Settings
    assert factcheck.Report is models.Report and factcheck.Label is models.Label
    assert factcheck.FactcheckError is errors.FactcheckError
    assert factcheck.register is registry.register
    assert factcheck.render is report.render
    assert factcheck.as_runnable is runnable.as_runnable
    assert sorted(factcheck.__all__) == sorted(factcheck._MODULE_OF)
    for name in factcheck.__all__:
        assert getattr(factcheck, name) is not None
    assert set(factcheck.__all__) <= set(dir(factcheck))
    with pytest.raises(AttributeError, match="no attribute 'nope'"):
        factcheck.nope  # noqa: B018


def _public_members(cls):
    for attr, member in vars(cls).items():
        member = member.fget if isinstance(member, property) else member
        if (not attr.startswith("_") or attr == "__init__") and inspect.isfunction(member):
            yield f"{cls.__name__}.{attr}", member


def _callables():
    """(qualified name, function) for every public function and public method, with those of
    the Runnable that `as_runnable` returns."""
    for name in sorted(factcheck.__all__):
        obj = getattr(factcheck, name)
        if inspect.isfunction(obj):
            yield name, obj
        elif inspect.isclass(obj) and not issubclass(obj, BaseModel | Enum):
            yield from _public_members(obj)
    yield from _public_members(type(factcheck.as_runnable()))


def _unannotated(function) -> list[str]:
    signature = inspect.signature(function)
    missing = [
        name
        for name, parameter in signature.parameters.items()
        if name not in {"self", "cls"}
        and parameter.kind not in {parameter.VAR_POSITIONAL, parameter.VAR_KEYWORD}
        and parameter.annotation is inspect.Parameter.empty
    ]
    if function.__name__ != "__init__" and signature.return_annotation is inspect.Signature.empty:
        missing.append("return")
    return missing


@pytest.mark.parametrize(("name", "function"), list(_callables()))
def test_public_callables_have_type_hints(name, function):
    assert _unannotated(function) == []


def test_records_and_settings_fields_are_typed():
    for name in factcheck.__all__:
        obj = getattr(factcheck, name)
        if inspect.isclass(obj) and issubclass(obj, BaseModel):
            assert all(f.annotation is not None for f in obj.model_fields.values()), name


def _python_blocks(markdown: str) -> list[tuple[int, str]]:
    """(line number, code) of each ```python block."""
    return [
        (markdown[: m.start()].count("\n") + 2, m.group(1))
        for m in re.finditer(r"^```python\n(.*?)^```$", markdown, flags=re.S | re.M)
    ]


def test_docs_api_examples_run(tmp_path, monkeypatch):
    """The blocks run in order, in one namespace, from a copy of the repository's examples and
    demo evidence (so the store they fill is a fresh one)."""
    shutil.copytree(ROOT / "examples", tmp_path / "examples")
    shutil.copytree(ROOT / "evidence" / "demo", tmp_path / "evidence" / "demo")
    monkeypatch.chdir(tmp_path)
    blocks = _python_blocks(API_DOC.read_text(encoding="utf-8"))
    assert len(blocks) >= 8
    namespace: dict = {"__name__": "docs_api"}
    for line, code in blocks:
        exec(compile(code, f"{API_DOC}:{line}", "exec"), namespace)  # noqa: S102
    assert (tmp_path / ".factcheck").is_dir()  # the examples used the store they were given


def test_docs_api_lists_every_public_name():
    table = API_DOC.read_text(encoding="utf-8").split("## Check an article")[0]
    assert all(f"`{name}" in table for name in factcheck.__all__)


def test_every_data_file_of_the_package_is_installed_with_it() -> None:
    """Model weights, calibrations and schemas beside the code are package data: each file
    under factcheck/ that is not Python matches a glob of pyproject's package-data, so that
    a wheel (not only an editable install) carries it."""
    import fnmatch
    import tomllib

    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    globs = config["tool"]["setuptools"]["package-data"]["factcheck"]
    package = ROOT / "factcheck"
    data = [
        path.relative_to(package).as_posix()
        for path in package.rglob("*")
        if path.is_file() and path.suffix not in (".py", ".pyc") and "__pycache__" not in path.parts
    ]
    assert "verify/encoder/artifacts/encoder.safetensors" in data
    missing = [
        name
        for name in data
        if not any(
            fnmatch.fnmatch(name, g) or fnmatch.fnmatch(name, g.removeprefix("**/")) for g in globs
        )
    ]
    assert missing == []
