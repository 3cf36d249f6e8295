"""GitLab: a merge-request pipeline's context, the REST API, discussions on the diff's lines and
one summary note."""
