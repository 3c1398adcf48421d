"""`accplan template`."""

from __future__ import annotations

import click


@click.command()
def template() -> None:
    """Not implemented yet."""
    raise click.ClickException("accplan template is not implemented yet")
