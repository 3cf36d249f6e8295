import time


def with_retries(call, attempts: int = 3, delay: float = 0.5):
    """The result of `call`, trying up to `attempts` times on ConnectionError."""
    for attempt in range(1, attempts + 1):
        try:
            return call()
        except ConnectionError:
            if attempt == attempts:
                raise
            time.sleep(delay * attempt)
    return None
