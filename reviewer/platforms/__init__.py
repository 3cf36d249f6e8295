"""Where reviews are posted: one plan of what goes where (plan.py), one adapter per platform
(github/, gitlab/), found from the CI's own variables (detect.py)."""
