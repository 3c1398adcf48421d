"""`accplan template PATH`: write a blank input workbook generated from the schema."""

from __future__ import annotations

from pathlib import Path

import click


@click.command()
@click.argument("path", type=click.Path(path_type=Path, dir_okay=False))
@click.option(
    "--first-year",
    type=click.IntRange(2000, 2100),
    default=2026,
    show_default=True,
    help="First planning year (sets the year columns).",
)
@click.option(
    "--last-year",
    type=click.IntRange(2000, 2100),
    default=2032,
    show_default=True,
    help="Last planning year.",
)
@click.option("--force", is_flag=True, help="Replace PATH if it already exists.")
@click.option(
    "--example",
    is_flag=True,
    help="Write the illustrative base case (inputs/acc_base.xlsx) instead of a blank workbook.",
)
def template(path: Path, first_year: int, last_year: int, force: bool, example: bool) -> None:
    """Write a blank input workbook to PATH (an About sheet explains every sheet), or with
    --example the filled-in base case to start from."""
    from planner.errors import InputError
    from planner.workbook.template import write_example, write_template

    if last_year < first_year:
        raise InputError(
            f"--last-year {last_year} is before --first-year {first_year}; give "
            "a last year in or after the first.",
            where="--last-year",
        )
    if path.suffix.lower() != ".xlsx":
        raise InputError(
            f"{path.name} must end in .xlsx (the template is an Excel workbook).", where=str(path)
        )
    if example:
        write_example(path, overwrite=force)
        click.echo(
            f"Wrote {path}: the illustrative base case. Change what differs in your case, "
            f"then run: accplan validate {path}"
        )
        return
    write_template(path, first_year, last_year, overwrite=force)
    click.echo(
        f"Wrote {path}: a blank input workbook for {first_year}–{last_year}. Fill it in, "
        f"then run: accplan validate {path}"
    )
