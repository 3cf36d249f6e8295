"""From what the user asked to review to units: files, git, the diff and the view of a change,
excludes, and splitting what is too large for one request. Never imports the settings."""
