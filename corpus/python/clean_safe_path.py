from pathlib import Path

ROOT = Path("/srv/app/uploads").resolve()


def upload_path(name: str) -> Path:
    """The path of an upload, refusing names that leave the uploads folder."""
    path = (ROOT / name).resolve()
    if not path.is_relative_to(ROOT):
        raise PermissionError(name)
    return path
