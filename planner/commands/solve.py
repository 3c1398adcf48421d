"""`accplan solve`."""

from __future__ import annotations

import click


@click.command()
def solve() -> None:
    """Not implemented yet."""
    raise click.ClickException("accplan solve is not implemented yet")
