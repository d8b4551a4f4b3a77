"""`factcheck init`: a folder to work in, with every setting written out.

The folder gets ``claims/``, ``evidence/`` (with a README of the evidence formats),
``factcheck.toml`` listing every setting of `Settings` with its description and default,
commented out, and a ``.gitignore`` entry for the store's workspace. The file is generated
from ``Settings.model_fields`` and `factcheck.evidence.documents`, so it cannot fall out of
step with them.
"""

from __future__ import annotations

import json
import textwrap
from pathlib import Path
from typing import Any

import click
from rich.console import Console

from factcheck.config import Settings
from factcheck.errors import ConfigError

SETTINGS_FILE = "factcheck.toml"  # the name Settings reads (its model_config's toml_file)
EVIDENCE_FOLDER = "evidence"
_WIDTH = 98


def toml_value(value: Any) -> str:
    """A default as TOML: strings and paths quoted, tables inline."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return repr(value)
    if isinstance(value, str | Path):
        return json.dumps(str(value), ensure_ascii=False)  # a JSON string is a TOML basic string
    if isinstance(value, dict):
        return "{" + ", ".join(f"{toml_value(k)} = {toml_value(v)}" for k, v in value.items()) + "}"
    if isinstance(value, list | tuple):
        return "[" + ", ".join(toml_value(v) for v in value) + "]"
    raise TypeError(f"no TOML form for {type(value).__name__}")


def _comment(text: str) -> list[str]:
    return textwrap.wrap(text, _WIDTH, initial_indent="# ", subsequent_indent="# ")


def settings_toml() -> str:
    """``factcheck.toml`` with every setting commented out at its default."""
    lines = [
        *_comment(
            "factcheck settings, read when factcheck runs in this folder. Each setting is "
            "listed at its default, commented out: uncomment a line and change the value. "
            "FACTCHECK_<NAME> environment variables and command-line options take precedence."
        ),
    ]
    for name, field in Settings.model_fields.items():
        default = field.get_default(call_default_factory=True)
        lines.append("")
        description = field.description or ""
        if default is None:
            lines += _comment(f"{description} (not set by default)".strip())
            lines.append(f"# {name} =")
        else:
            lines += _comment(description) if description else []
            lines.append(f"# {name} = {toml_value(default)}")
    return "\n".join(lines) + "\n"


def evidence_readme() -> str:
    """What ``evidence/`` takes, from the evidence loader's own lists."""
    from factcheck.evidence.documents import EVIDENCE_SUFFIXES, EvidenceDocument

    suffixes = ", ".join(sorted(EVIDENCE_SUFFIXES))
    optional = ", ".join(
        f"`{name}`" for name in EvidenceDocument.model_fields if name not in {"text", "source_path"}
    )
    paragraphs = [
        f"Accepted files: {suffixes}, in any common encoding. Folders are read with their "
        "sub-folders; files named README are left out.",
        "- Text, Markdown and HTML files are one document each (for HTML, the page's main "
        "text, with its title and date where the page gives them).",
        '- A JSONL file holds one document a line: `{"text": "..."}` with the optional fields '
        f"{optional}. `published` is a date (YYYY-MM-DD); the URL, publisher and date are "
        "shown with every verdict that cites the document. A line that cannot be used is "
        "skipped with its reason.",
    ]
    filled = [
        textwrap.fill(p, _WIDTH, subsequent_indent="  " * p.startswith("-")) for p in paragraphs
    ]
    return (
        "# Evidence\n\nPut the documents that articles are checked against here, then add them "
        f"to the store:\n\n    factcheck ingest {EVIDENCE_FOLDER}\n\n" + "\n\n".join(filled) + "\n"
    )


def _ignore_workspace(folder: Path) -> Path | None:
    """Add the store's workspace to ``folder/.gitignore``; None if it is there already."""
    entry = f"/{Settings.model_fields['workspace'].default}/"
    gitignore = folder / ".gitignore"
    existing = gitignore.read_text(encoding="utf-8") if gitignore.exists() else ""
    if entry.strip("/") in {line.strip().strip("/") for line in existing.splitlines()}:
        return None
    separator = "" if not existing or existing.endswith("\n") else "\n"
    gitignore.write_text(f"{existing}{separator}{entry}\n", encoding="utf-8")
    return gitignore


def init_workspace(folder: Path, *, force: bool = False) -> list[Path]:
    """Create the workspace in ``folder``; the files and folders created or replaced.

    An existing ``factcheck.toml`` is never replaced unless ``force``: `ConfigError`.
    """
    settings_file = folder / SETTINGS_FILE
    if settings_file.exists() and not force:
        raise ConfigError(
            "a settings file is already there",
            hint="--force replaces it",
            source=str(settings_file),
        )
    claims = folder / Settings.model_fields["claims_dir"].default
    evidence = folder / EVIDENCE_FOLDER
    made = [path for path in (folder, claims, evidence) if not path.is_dir()]
    for path in made:
        path.mkdir(parents=True)
    settings_file.write_text(settings_toml(), encoding="utf-8")
    made.append(settings_file)
    readme = evidence / "README.md"
    if force or not readme.exists():
        readme.write_text(evidence_readme(), encoding="utf-8")
        made.append(readme)
    gitignore = _ignore_workspace(folder)
    return made + ([gitignore] if gitignore else [])


@click.command("init")
@click.argument("folder", default=".", type=click.Path(file_okay=False, path_type=Path))
@click.option("--force", is_flag=True, help=f"Replace an existing {SETTINGS_FILE}.")
def init_command(folder: Path, force: bool) -> None:
    """Set up FOLDER (default: here) to work in: claims/, evidence/, factcheck.toml."""
    err = Console(stderr=True, highlight=False)
    for path in init_workspace(folder, force=force):
        err.print(f"wrote {path}" if path.is_file() else f"made {path}/", markup=False)
    where = "" if folder.resolve() == Path.cwd() else f"cd {folder} && "
    err.print(
        f"next: {where}put evidence in {EVIDENCE_FOLDER}/, then `factcheck ingest "
        f"{EVIDENCE_FOLDER}` and `factcheck check ARTICLE`",
        markup=False,
    )
