"""The low-level helpers every layer may use: atomic writes, safe reads, JSON, paths,
terminal-safe text, the settings file's fast read. They import nothing of lowback."""
