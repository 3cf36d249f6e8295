"""Rendering the prompt templates: the built-in ones in `prompts/`, any of them overridable by name
from a user's `prompts_dir`. StrictUndefined, so a template naming a missing variable fails loudly
instead of sending the model an empty hole."""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Any

from reviewer.errors import UsageError
from reviewer.result import Finding
from reviewer.source.unit import Unit

Messages = list[dict[str, str]]

REVIEW_SYSTEM = "review_system.j2"
REVIEW_USER = "review_user.j2"
REVIEW_PACK_USER = "review_pack_user.j2"  # several small files in one request (pack_tokens)
SELF_CHECK_SYSTEM = "self_check_system.j2"
SELF_CHECK_USER = "self_check_user.j2"
REPAIR = "repair.j2"
TEMPLATE_NAMES = (
    REVIEW_SYSTEM, REVIEW_USER, REVIEW_PACK_USER, SELF_CHECK_SYSTEM, SELF_CHECK_USER, REPAIR
)  # fmt: skip

LANGUAGES: dict[str, str] = {
    ".py": "Python", ".pyi": "Python", ".js": "JavaScript", ".mjs": "JavaScript",
    ".cjs": "JavaScript", ".jsx": "JavaScript (JSX)", ".ts": "TypeScript",
    ".tsx": "TypeScript (TSX)", ".go": "Go", ".rs": "Rust", ".java": "Java", ".kt": "Kotlin",
    ".scala": "Scala", ".c": "C", ".h": "C", ".cc": "C++", ".cpp": "C++", ".hpp": "C++",
    ".cs": "C#", ".rb": "Ruby", ".php": "PHP", ".swift": "Swift", ".m": "Objective-C",
    ".sh": "Shell", ".bash": "Bash", ".sql": "SQL", ".html": "HTML", ".css": "CSS",
    ".scss": "SCSS", ".vue": "Vue", ".svelte": "Svelte", ".lua": "Lua", ".r": "R",
    ".dart": "Dart", ".ex": "Elixir", ".exs": "Elixir", ".erl": "Erlang", ".hs": "Haskell",
    ".ml": "OCaml", ".clj": "Clojure", ".pl": "Perl", ".yaml": "YAML", ".yml": "YAML",
    ".toml": "TOML", ".json": "JSON", ".md": "Markdown", ".tf": "Terraform",
}  # fmt: skip
FILENAMES: dict[str, str] = {"Dockerfile": "Dockerfile", "Makefile": "Makefile"}


def language_of(path: str) -> str:
    pure = PurePosixPath(path)
    return FILENAMES.get(pure.name) or LANGUAGES.get(pure.suffix.lower(), "plain text")


def numbered(lines: Sequence[str], start: int = 1) -> str:
    """The code as the model sees it: each line behind its 1-based number, so it can cite lines."""
    width = len(str(start + len(lines) - 1))
    return "\n".join(f"{number:>{width}} | {text}" for number, text in enumerate(lines, start))


def project_instructions(text: str | None, path: Path | None) -> str:
    """The project's own instructions for the reviewer: inline text, then a file's."""
    parts = [text or ""]
    if path is not None:
        from reviewer.source.excludes import secret_file

        if secret_file(path) is not None:
            # Whoever names it: files that are secrets by nature are never sent.
            raise UsageError(f"instructions_file {path} is a secret file by its name, never sent")
        try:
            parts.append(path.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError) as exc:
            raise UsageError(f"cannot read instructions_file {path}: {exc}") from None
    return "\n\n".join(part.strip() for part in parts if part.strip())


def builtin_prompts_dir() -> Path:
    """Installed, the templates sit inside the package; in a source checkout, beside it."""
    package = Path(__file__).resolve().parents[1]
    for candidate in (package / "prompts", package.parent / "prompts"):
        if (candidate / REVIEW_SYSTEM).is_file():
            return candidate
    raise UsageError(f"the built-in prompt templates are missing (looked in {package / 'prompts'})")


def fence_id(code: str) -> str:
    """The id of the markers around the code. Taken from a hash of the code itself, so the
    code cannot contain its own closing marker (that would change the hash), and the same code
    gets the same markers (so the reply cache still works)."""
    return hashlib.sha256(code.encode("utf-8", "surrogatepass")).hexdigest()[:16]


def _numbered_span(unit: Unit) -> str:
    first, last = unit.span
    return numbered(unit.lines[first - 1 : last], start=first)


@dataclass(frozen=True)
class CheckedFinding:
    """A finding as the self-check prompt lists it, numbered from 1."""

    id: int
    finding: Finding


def _shown(unit: Unit) -> dict[str, Any]:
    """What a template is told of a unit: its name, and the file numbered or its change. The
    name is the repository's text as much as the code is: the templates put it between markers
    too, on one line, and the markers' id is a hash of both, so neither can close them."""
    from reviewer.model.shown import one_line

    code = unit.change.text if unit.change is not None else _numbered_span(unit)
    path = one_line(unit.path)
    return {
        "path": path,
        "language": language_of(unit.path),
        "line_count": len(unit.lines),
        "diff": unit.change is not None,
        "code": code,
        "nonce": fence_id(f"{path}\n{code}"),
        "guidance": unit.guidance,
    }


class Prompts:
    def __init__(
        self,
        prompts_dir: Path | None = None,
        *,
        nitpicks: bool = False,
        instructions: str = "",
        language: str = "en",
    ) -> None:
        import jinja2  # deferred: a run that fails early, or --version, never pays for it
        from jinja2.sandbox import ImmutableSandboxedEnvironment

        folders = [builtin_prompts_dir()]
        if prompts_dir is not None:
            if not prompts_dir.is_dir():
                raise UsageError(f"prompts_dir {prompts_dir} is not a folder")
            folders.insert(0, prompts_dir)
        # Every template in a sandbox, the operator's too: a template is text, and must not
        # reach Python's internals (`cycler.__init__.__globals__.os`) or change what it is given.
        self._env = ImmutableSandboxedEnvironment(
            loader=jinja2.FileSystemLoader([str(folder) for folder in folders]),
            undefined=jinja2.StrictUndefined,
            autoescape=False,
            keep_trailing_newline=False,
            trim_blocks=True,
            lstrip_blocks=True,
        )
        self.nitpicks = nitpicks
        self.instructions = instructions.strip()
        self.language = language

    def render(self, name: str, **context: Any) -> str:
        import jinja2
        from jinja2.exceptions import SecurityError

        try:
            return self._env.get_template(name).render(**context).strip()
        except jinja2.TemplateNotFound:
            raise UsageError(f"prompt template {name} not found") from None
        except jinja2.TemplateSyntaxError as exc:
            raise UsageError(
                f"prompt template {exc.filename}:{exc.lineno}: {exc.message}"
            ) from None
        except SecurityError as exc:
            raise UsageError(
                f"prompt template {name} reaches for what templates may not ({exc}): it is "
                "rendered in a sandbox"
            ) from None
        except jinja2.UndefinedError as exc:
            raise UsageError(f"prompt template {name}: {exc.message}") from None
        except (jinja2.TemplateError, ArithmeticError, LookupError, TypeError, ValueError) as exc:
            # A template's own mistake ({{ 1 / 0 }}, a bad filter argument): one line, exit 2.
            raise UsageError(f"prompt template {name}: {type(exc).__name__}: {exc}") from None

    def _messages(self, system: str, user: str, unit: Unit, **extra: Any) -> Messages:
        """A system and a user message about one unit: the file numbered, or its change."""
        return [
            {"role": "system", "content": self.system(system)},
            {"role": "user", "content": self.render(user, **_shown(unit), **extra)},
        ]

    def system(self, name: str = REVIEW_SYSTEM) -> str:
        """A system prompt as sent (the review's by default)."""
        from reviewer.i18n import language_name

        return self.render(
            name,
            nitpicks=self.nitpicks,
            instructions=self.instructions,
            reply_language=self.language,
            reply_language_name=language_name(self.language),
        )

    def review(self, unit: Unit) -> Messages:
        return self._messages(REVIEW_SYSTEM, REVIEW_USER, unit)

    def review_pack(self, units: Sequence[Unit]) -> Messages:
        """Several small units in one request. The system prompt is the single review's, word
        for word: what every request shares comes first, for the providers' prompt caches."""
        return [
            {"role": "system", "content": self.system(REVIEW_SYSTEM)},
            {"role": "user", "content": self.render(REVIEW_PACK_USER,
                                                    files=[_shown(u) for u in units])},
        ]  # fmt: skip

    def self_check(self, unit: Unit, findings: Sequence[Finding]) -> Messages:
        checked = [CheckedFinding(number, finding) for number, finding in enumerate(findings, 1)]
        return self._messages(SELF_CHECK_SYSTEM, SELF_CHECK_USER, unit, findings=checked)

    def repair(self, error: str) -> str:
        return self.render(REPAIR, error=error)
