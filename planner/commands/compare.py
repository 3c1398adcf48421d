"""`accplan compare`."""

from __future__ import annotations

import click


@click.command()
def compare() -> None:
    """Not implemented yet."""
    raise click.ClickException("accplan compare is not implemented yet")
