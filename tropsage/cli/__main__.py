"""``python -m tropsage.cli``: the ``tropsage`` command."""

from tropsage.cli import main

if __name__ == "__main__":
    main()
