import re
import unicodedata


def slugify(text: str) -> str:
    """A URL slug: ASCII letters and digits, words joined by hyphens."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    words = re.findall(r"[a-z0-9]+", ascii_text.lower())
    return "-".join(words)
