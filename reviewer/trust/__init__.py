"""What is sent and which findings are shown: secrets out, steering text reported, findings
placed by their quotes, noise controls and the verifier's verdicts. Pure; never imports the
settings."""
