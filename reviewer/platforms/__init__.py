"""Where reviews are delivered: one folder per platform (GitHub today), each with its run
context, its API client, the plan of what goes where, and the posting."""
