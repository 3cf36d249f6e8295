import json
from pathlib import Path


def load_config(path: Path) -> dict:
    """The JSON config at `path`, or an empty one when the file does not exist."""
    try:
        with path.open(encoding="utf-8") as handle:
            return json.load(handle)
    except FileNotFoundError:
        return {}
