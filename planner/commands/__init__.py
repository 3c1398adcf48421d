"""One module per accplan subcommand; heavy imports stay inside the command functions."""
