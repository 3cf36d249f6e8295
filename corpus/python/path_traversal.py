import os

UPLOADS = "/srv/app/uploads"


def read_upload(filename: str) -> bytes:
    """The bytes of a file a user uploaded, by the name they give."""
    path = os.path.join(UPLOADS, filename)
    with open(path, "rb") as handle:
        return handle.read()
