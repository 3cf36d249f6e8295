def drop_expired(sessions: dict, now: float) -> int:
    """Remove expired sessions; return how many were removed."""
    removed = 0
    for key, session in sessions.items():
        if session["expires"] < now:
            del sessions[key]
            removed += 1
    return removed
