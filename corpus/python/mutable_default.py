def collect_tags(item, tags=[]):
    """Tags of one item, lower-cased and without duplicates."""
    for tag in item.get("tags", ()):
        tag = tag.strip().lower()
        if tag not in tags:
            tags.append(tag)
    return tags
