import json


def load_settings(path):
    handle = open(path, encoding="utf-8")
    settings = json.load(handle)
    if "version" not in settings:
        raise ValueError(f"{path}: no version")
    handle.close()
    return settings
