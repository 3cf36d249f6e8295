import base64
import pickle


def load_cart(cookie_value: str) -> dict:
    """The shopping cart kept in the user's cookie."""
    raw = base64.b64decode(cookie_value)
    cart = pickle.loads(raw)
    return cart if isinstance(cart, dict) else {}
