def newest_active(accounts):
    """The most recently created active account."""
    active = [a for a in accounts if a["active"]]
    active.sort(key=lambda a: a["created"], reverse=True)
    return active[0]
