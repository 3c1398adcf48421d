"""``python -m planner`` runs the same CLI as the ``accplan`` command."""

from planner.cli import main

if __name__ == "__main__":
    main()
