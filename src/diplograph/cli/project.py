"""`diplograph init`: a new publication project."""

from __future__ import annotations

import click

from diplograph.cli.common import Progress, handle_errors, quiet_option


@click.command("init")
@click.argument("target", metavar="DIR", type=click.Path(path_type=str))
@click.option("--with-seeds", is_flag=True, help="Copy the template project's seeds too (a working example).")
@quiet_option
@handle_errors
def init_cmd(target, with_seeds, quiet):
    """Make a new publication project in DIR (new or empty) that `build` runs in.

    It gets the genre mapping modules and their data tables (mappings/), the ontology (ontology/),
    the SHACL shapes (shapes/), an empty seeds/ (or the template's with --with-seeds) and a README.
    The template is the current project, else the checkout diplograph is installed from.

    Example: diplograph init ~/my-archive && diplograph --project ~/my-archive build
    """
    from diplograph.project import init_project

    say = Progress(quiet)
    made, template = init_project(target, with_seeds=with_seeds)
    say(f"Made a diplograph project in {made.root} (copied from {template.root})")
    say(f"Put documents in {made.seeds}/ (NAME.txt + NAME.meta.yaml), then: "
        f"cd {made.root} && diplograph build   (or: diplograph --project {made.root} build)")


def register(cli: click.Group) -> None:
    cli.add_command(init_cmd)
