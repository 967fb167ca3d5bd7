"""One module per input format: its loader (``RawInput`` → ``Document``) and its ``FORMAT`` record."""
