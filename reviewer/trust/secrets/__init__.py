"""Secrets out of code before it is sent: token families known by their shape (`families`),
values assigned to secret-like names in any common syntax (`grammar`, judged by `values`),
credentials in addresses and commands (`commands`) and private-key blocks (`keys`), found in
one pass (`scan`). Pure."""
