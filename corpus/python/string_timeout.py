import time


def wait_for(config: dict, ready) -> bool:
    timeout = config.get("timeout", "30")
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if ready():
            return True
        time.sleep(0.1)
    return False
