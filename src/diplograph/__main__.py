from diplograph.cli import cli

cli()
