"""`profile-search`: a thin command line over the library. Errors become one line naming the next step
(:mod:`search_app.cli_errors`); each command lives with its kin (`cli_index`, `cli_search`, `cli_fetch`,
`cli_solr`)."""

from __future__ import annotations

import logging

import click

from .cli_errors import Commands
from .cli_fetch import fetch_cmd
from .cli_index import index_cmd, parse_cmd
from .cli_search import compare_cmd, search_cmd, serve_cmd, stats_cmd
from .cli_solr import solr_group
from .version import DISTRIBUTION, product_version


@click.group(cls=Commands, context_settings={"help_option_names": ["-h", "--help"]})
@click.option("-v", "--verbose", is_flag=True, help="Log what the library does.")
@click.version_option(product_version(), "-V", "--version", package_name=DISTRIBUTION,
                      message="profile-search (%(package)s) %(version)s")
def main(verbose: bool) -> None:
    """City Profile Search: index city profiles and search them.

    \b
    Examples:
      profile-search index                 # index ./corpus into ./index
      profile-search search "CCTV" --city Amiens
      profile-search serve --port 8000     # http://127.0.0.1:8000
      profile-search --version
    """
    logging.basicConfig(level=logging.INFO if verbose else logging.WARNING, format="%(levelname)s %(name)s: %(message)s")


for command in (index_cmd, parse_cmd, search_cmd, compare_cmd, serve_cmd, stats_cmd, fetch_cmd, solr_group):
    main.add_command(command)


if __name__ == "__main__":  # pragma: no cover
    main()
