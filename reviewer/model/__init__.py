"""One validated exchange with the model API: the SDK client, requests shaped per provider,
replies read and validated, prompts, tokens, prices and the reply cache. Given ModelOptions,
never the settings."""
