import threading


class Counter:
    def __init__(self) -> None:
        self.value = 0
        self.lock = threading.Lock()

    def add(self, amount: int = 1) -> None:
        self.value += amount

    def read(self) -> int:
        with self.lock:
            return self.value
