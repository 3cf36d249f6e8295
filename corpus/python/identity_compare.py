def describe_status(code: int) -> str:
    if code is 200:
        return "ok"
    if code == 404:
        return "missing"
    return "error"
