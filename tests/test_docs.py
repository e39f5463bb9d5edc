"""The README's and the docs' examples run as written, and their links resolve (as sqlite-utils checks its docs).

Each Markdown file is read as a sequence of fenced blocks, run in order in a temporary directory that
holds a copy of ``maps/examples/`` and an empty ``maps/out/`` (what a fresh clone has), so a later block
can use what an earlier one wrote:

- ``bash``: every ``geoevents ...`` command (also inside an ``&&`` chain) runs through the CLI in this
  process and must exit 0.  ``python path/script.py`` must name a script of the repository; ``pip``,
  ``python -m pytest``, ``sudo apt-get`` and the like are not run.  Any other command fails the test,
  so that a new kind of example gets a decision.
- ``console``: ``$ geoevents ...`` lines run the same way, and the lines after each are what it must
  print (doctest's rules: ``...`` matches anything, runs of white space compare equal).
- ``pycon``: doctest examples; ``python``: run with ``exec``.  Both share one namespace per file.

A block right after a line ``<!-- docs-test: skip REASON -->`` is not run; the reason is required.
"""

from __future__ import annotations

import doctest
import re
import shlex
import shutil
from dataclasses import dataclass
from pathlib import Path

import pytest
import typer.main
from typer.testing import CliRunner

from geoevents.cli import app

ROOT = Path(__file__).resolve().parents[1]
README = ROOT / "README.md"
DOCS = sorted((ROOT / "docs").glob("*.md"))
PAGES = [README, *DOCS]
ALL_MARKDOWN = [*PAGES, ROOT / "CONTRIBUTING.md", ROOT / "CHANGELOG.md"]

EXPECTED_PAGES = {"cli", "python-api", "gazetteer", "geoparsing", "events", "maps", "store", "batch", "benchmarks"}

_FENCE = re.compile(r"^```(\w*)\s*$")
_SKIP = re.compile(r"^<!--\s*docs-test:\s*skip\b\s*(.*?)\s*-->$")
_NOT_RUN = (  # commands an example may show that the test does not run
    ("python3", "-m", "venv"), ("python", "-m", "venv"), (".",), ("source",), ("pip",), ("python", "-m", "pip"),
    ("python", "-m", "pytest"), ("GEOEVENTS_REGEN_GOLDEN=1",), ("GEOEVENTS_REBUILD=1",), ("sudo",), ("apt-get",),
    ("lint-imports",), ("ruff",), ("git",), ("cd",), (".ci/run",),
)
_OPTIONFLAGS = doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE


@dataclass(frozen=True)
class Block:
    """One fenced block of a Markdown file."""

    path: Path
    line: int  # of the opening fence, 1-based
    lang: str
    text: str
    skip: str | None  # the reason, when the block is marked not to run

    @property
    def where(self) -> str:
        return f"{self.path.relative_to(ROOT)}:{self.line}"


def blocks(path: Path) -> list[Block]:
    """The fenced blocks of ``path``, in order."""
    found: list[Block] = []
    lines = path.read_text(encoding="utf-8").splitlines()
    i = 0
    while i < len(lines):
        m = _FENCE.match(lines[i])
        if not m:
            i += 1
            continue
        start, body = i, []
        i += 1
        while i < len(lines) and not lines[i].startswith("```"):
            body.append(lines[i])
            i += 1
        prev = next((lines[j].strip() for j in range(start - 1, -1, -1) if lines[j].strip()), "")
        skip = _SKIP.match(prev)
        found.append(Block(path, start + 1, m.group(1), "\n".join(body) + "\n", skip.group(1) if skip else None))
        i += 1
    return found


def commands(text: str) -> list[str]:
    """Shell lines of a block, with backslash continuations joined."""
    out: list[str] = []
    for raw in text.replace("\\\n", " ").splitlines():
        if raw.strip() and not raw.lstrip().startswith("#"):
            out.append(raw.strip())
    return out


def segments(line: str) -> list[list[str]]:
    """The commands of one shell line, split at ``&&`` (comments dropped)."""
    words = shlex.split(line, comments=True)
    parts: list[list[str]] = [[]]
    for w in words:
        if w == "&&":
            parts.append([])
        else:
            parts[-1].append(w)
    return [p for p in parts if p]


runner = CliRunner()


def run_command(words: list[str], where: str) -> str:
    """Run one shell command of an example; return what the CLI printed (stdout and stderr)."""
    if words[0] == "geoevents":
        result = runner.invoke(app, words[1:])
        if result.exit_code != 0:
            raise AssertionError(f"{where}: `{shlex.join(words)}` exited {result.exit_code}:\n{result.output}"
                                 + (f"\n{result.exception!r}" if result.exception else ""))
        return result.output
    if words[0] in ("python", "python3") and words[1:] and words[1].endswith(".py"):
        assert (ROOT / words[1]).is_file(), f"{where}: {words[1]} does not exist"
        return ""
    if any(tuple(words[: len(prefix)]) == prefix for prefix in _NOT_RUN):
        return ""
    raise AssertionError(f"{where}: `{shlex.join(words)}`: the docs test neither runs nor knows this command; "
                         "make it a geoevents command, or add it to _NOT_RUN, or mark the block skipped")


def run_shell(block: Block) -> None:
    for line in commands(block.text):
        for words in segments(line):
            run_command(words, block.where)


def run_console(block: Block) -> None:
    checker = doctest.OutputChecker()
    steps: list[tuple[str, list[str]]] = []
    for line in block.text.splitlines():
        if line.startswith("$ "):
            steps.append((line[2:], []))
        elif steps:
            steps[-1][1].append(line)
        elif line.strip():
            raise AssertionError(f"{block.where}: a console block starts with a `$ ` command")
    for command, want_lines in steps:
        got = "".join(run_command(words, block.where) for words in segments(command))
        want = "\n".join(want_lines).rstrip() + "\n"
        if want.strip() and not checker.check_output(want, got, _OPTIONFLAGS):
            raise AssertionError(f"{block.where}: `{command}` printed\n{got}\nexpected\n{want}")


def run_python(block: Block, globs: dict) -> None:
    if block.lang == "python":
        exec(compile(block.text, block.where, "exec"), globs)  # noqa: S102 - the docs' own examples
        return
    test = doctest.DocTestParser().get_doctest(block.text, globs, block.where, str(block.path), block.line)
    report: list[str] = []
    doctest_runner = doctest.DocTestRunner(optionflags=_OPTIONFLAGS)
    doctest_runner.run(test, out=report.append, clear_globs=False)
    globs.update(test.globs)  # DocTest runs in a copy: share its names with the blocks that follow
    if doctest_runner.failures:
        raise AssertionError(f"{block.where}: a doctest example failed\n" + "".join(report))


@pytest.fixture
def sandbox(tmp_path, monkeypatch):
    """A directory laid out like a fresh clone, for the examples' relative paths."""
    shutil.copytree(ROOT / "maps" / "examples", tmp_path / "maps" / "examples")
    (tmp_path / "maps" / "out").mkdir()
    monkeypatch.chdir(tmp_path)
    return tmp_path


@pytest.mark.parametrize("page", PAGES, ids=[str(p.relative_to(ROOT)) for p in PAGES])
def test_docs_examples_run_as_written(page, sandbox):
    globs: dict = {"__name__": "__docs__"}
    ran = 0
    for block in blocks(page):
        if block.skip is not None:
            assert block.skip, f"{block.where}: a skipped example needs a reason"
            continue
        if block.lang in ("bash", "sh", "shell"):
            run_shell(block)
        elif block.lang == "console":
            run_console(block)
        elif block.lang in ("python", "pycon"):
            run_python(block, globs)
        else:
            continue
        ran += 1
    if page == README:
        assert ran >= 5, "the README's examples were not found"


# ---------------------------------------------------------------- the shape of the docs


def test_docs_pages_are_there():
    assert {p.stem for p in DOCS} >= EXPECTED_PAGES


def test_docs_readme_is_short():
    n = len(README.read_text(encoding="utf-8").splitlines())
    assert n <= 200, f"README.md has {n} lines; move details to docs/"


def test_docs_readme_leads_with_the_two_commands():
    first = next(b for b in blocks(README) if b.lang == "bash")
    lines = commands(first.text)
    assert lines[0].startswith("python3 -m venv .venv") and "geoevents map maps/examples/" in lines[0]
    assert lines[1] == "python -m pytest"
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert re.search(r"^python -m pytest$", ci, re.M), ".ci/run must run the README's test command exactly"


def _commands(command=None, path=()):
    command = command if command is not None else typer.main.get_command(app)
    yield path, command
    for name, sub in sorted(getattr(command, "commands", {}).items()):
        yield from _commands(sub, (*path, name))


COMMAND_PATHS = [" ".join(p) for p, c in _commands() if p and not getattr(c, "commands", None)]  # leaves


@pytest.mark.parametrize("name", COMMAND_PATHS)
def test_docs_every_command_has_a_section_in_the_cli_reference(name):
    text = (ROOT / "docs" / "cli.md").read_text(encoding="utf-8")
    assert re.search(rf"^#+ `?geoevents {re.escape(name)}`?\s*$", text, re.M), \
        f"docs/cli.md has no heading for 'geoevents {name}'"


def _slug(heading: str) -> str:
    """GitHub's anchor for a heading."""
    s = re.sub(r"[^\w\- ]", "", heading.strip().lower())
    return s.replace(" ", "-")


def _anchors(path: Path) -> set[str]:
    text = path.read_text(encoding="utf-8")
    text = re.sub(r"^```.*?^```", "", text, flags=re.M | re.S)
    return {_slug(m.group(1)) for m in re.finditer(r"^#+\s+(.+?)\s*$", text, re.M)}


@pytest.mark.parametrize("page", ALL_MARKDOWN, ids=[str(p.relative_to(ROOT)) for p in ALL_MARKDOWN])
def test_docs_links_resolve(page):
    text = page.read_text(encoding="utf-8")
    for target in re.findall(r"\]\(([^)\s]+)\)", text):
        if re.match(r"[a-z]+:", target):
            continue  # https:, mailto:
        file, _, anchor = target.partition("#")
        dest = (page.parent / file).resolve() if file else page
        assert dest.exists(), f"{page.name}: the link {target} points to nothing"
        if anchor:
            assert anchor in _anchors(dest), f"{page.name}: {dest.name} has no heading for #{anchor}"


def test_docs_cli_help_points_to_sections_that_exist():
    """A help text that sends the reader to the docs names a page and a heading that exist."""
    for path, command in _commands():
        texts = [command.help or ""] + [getattr(p, "help", None) or "" for p in command.params]
        for text in texts:
            assert "README, '" not in text, f"{' '.join(path)}: help points to a README section: {text!r}"
            for page, section in re.findall(r"(docs/[\w-]+\.md)(?:, '([^']+)')?", text):
                assert (ROOT / page).is_file(), f"{' '.join(path)}: {page} does not exist"
                if section:
                    assert _slug(section) in _anchors(ROOT / page), f"{page} has no section {section!r}"


@pytest.mark.parametrize("page", ALL_MARKDOWN, ids=[str(p.relative_to(ROOT)) for p in ALL_MARKDOWN])
def test_docs_name_no_issue_numbers(page):
    """Readers cannot see the project's issue tracker."""
    text = page.read_text(encoding="utf-8")
    assert not re.search(r"\bissues? \d+", text, re.I), f"{page.name} mentions an issue number"


@pytest.mark.parametrize("page", PAGES, ids=[str(p.relative_to(ROOT)) for p in PAGES])
def test_docs_keep_benchmark_figures_in_results_md(page):
    """Measured speeds live in benchmarks/RESULTS.md only, so the docs cannot go stale."""
    text = page.read_text(encoding="utf-8")
    found = re.findall(r"\d[\d,.]*\s*(?:articles|docs|names|rows|chars|words|events)/s\b", text)
    assert not found, f"{page.name} quotes benchmark figures {found}: link benchmarks/RESULTS.md instead"

