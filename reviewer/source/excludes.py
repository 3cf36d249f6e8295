"""Which files are never worth a request: gitignore-style patterns, matched with pathspec."""

from __future__ import annotations

import os
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import pathspec

# Files a reviewer has nothing to say about, or that a person never reads line by line.
# `exclude` in the config adds to these; `default_excludes = false` drops them.
DEFAULT_EXCLUDES: tuple[str, ...] = (
    # lock files
    "*.lock",
    "package-lock.json",
    "npm-shrinkwrap.json",
    "pnpm-lock.yaml",
    "bun.lockb",
    "go.sum",
    "go.work.sum",
    # minified, bundled and mapped
    "*.min.js",
    "*.min.css",
    "*.min.mjs",
    "*.bundle.js",
    "*.map",
    # generated
    "*_pb2.py",
    "*_pb2.pyi",
    "*_pb2_grpc.py",
    "*.pb.go",
    "*.pb.cc",
    "*.pb.h",
    "*.generated.*",
    "*_generated.*",
    "*.g.dart",
    "*.freezed.dart",
    "*.snap",
    "__snapshots__/",
    # vendored and installed
    "vendor/",
    "third_party/",
    "node_modules/",
    ".venv/",
)


class Excludes:
    def __init__(self, patterns: Sequence[str]) -> None:
        # Blank lines and comments dropped here, so a match's index names its pattern.
        self.patterns = [p for p in patterns if p.strip() and not p.startswith("#")]
        self._spec: pathspec.GitIgnoreSpec | None = None

    def match(self, path: str) -> str | None:
        """The pattern that excludes `path` (relative to the repository root), or None."""
        if not self.patterns:
            return None
        if self._spec is None:
            import pathspec  # deferred: a run with nothing to exclude never loads it

            self._spec = pathspec.GitIgnoreSpec.from_lines(self.patterns)
        result = self._spec.check_file(path)
        if not result.include or result.index is None:
            return None
        return self.patterns[result.index]


def excludes_for(patterns: Sequence[str], *, defaults: bool) -> Excludes:
    return Excludes([*(DEFAULT_EXCLUDES if defaults else ()), *patterns])


# Files never sent, whatever their content: gitignore-style patterns.
SECRET_FILES: tuple[str, ...] = (
    ".env", ".env.*", "*.env", "*.pem", "*.key", "*.p12", "*.pfx", "*.jks", "*.keystore",
    "*.kdbx", "id_rsa", "id_dsa", "id_ecdsa", "id_ed25519", ".netrc", ".git-credentials",
    ".npmrc", ".pypirc", "credentials.json", ".aws/credentials",
)  # fmt: skip


def secret_file(path: Path) -> str | None:
    """The pattern that makes a file a secret by its name (with its folder's, for
    `.aws/credentials`), or by the name of the file it links to; None for any other file."""
    secret = Excludes(list(SECRET_FILES))
    for named in (path, Path(os.path.realpath(path))):
        pattern = secret.match("/".join(named.parts[-2:]))
        if pattern is not None:
            return pattern
    return None
