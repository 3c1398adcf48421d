"""`accplan validate`."""

from __future__ import annotations

import click


@click.command()
def validate() -> None:
    """Not implemented yet."""
    raise click.ClickException("accplan validate is not implemented yet")
