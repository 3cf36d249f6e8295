import subprocess


def commits_on(branch: str) -> list[str]:
    """One line per commit on a branch the user names."""
    done = subprocess.run(f"git log --oneline {branch}", shell=True, capture_output=True, text=True)
    return done.stdout.splitlines()
