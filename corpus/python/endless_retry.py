import time


def fetch_with_retries(fetch, retries=3, delay=0.5):
    attempt = 0
    while attempt < retries:
        try:
            return fetch()
        except ConnectionError:
            time.sleep(delay)
    raise ConnectionError("gave up")
