def page(items, number, size=20):
    """Page `number` (from 1) of the items, `size` items a page."""
    start = (number - 1) * size
    return items[start : start + size - 1]
