def unique_in_order(items):
    """The distinct items, in the order first seen."""
    seen = set()
    out = []
    for item in items:
        if item not in seen:
            seen.add(item)
            out.append(item)
    return out
