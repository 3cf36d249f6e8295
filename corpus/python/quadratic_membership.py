def unique_emails(users):
    """The distinct e-mail addresses of the users, in the order first seen."""
    seen = []
    for user in users:
        email = user["email"].lower()
        if email not in seen:
            seen.append(email)
    return seen
