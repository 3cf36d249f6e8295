"""GitHub: the Actions run, the REST API, inline review comments on the diff and one summary
comment, the job summary and step outputs."""
