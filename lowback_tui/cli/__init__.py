"""The command line: arguments, each command group, the prompt line."""
