"""`planner user`: accounts for the web front end (add, passwd, list, role)."""

from __future__ import annotations

import datetime as dt
import sys

import click

from planner.cli.options import app


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC).replace(microsecond=0)


def _password(password_stdin: bool) -> str:
    """The new password: asked twice without echo, or one line from standard input."""
    if password_stdin:
        return sys.stdin.readline().rstrip("\r\n")
    value: str = click.prompt("Password", hide_input=True, confirmation_prompt="Repeat it")
    return value


@click.group()
def user() -> None:
    """Accounts for the web front end (`planner serve`).

    \b
    Roles:
      viewer   reads plans, campaigns and briefs
      editor   also changes campaigns, the roster and team-feed addresses
      admin    also manages accounts
    """


@user.command("add")
@click.argument("name")
@click.option(
    "--role",
    type=click.Choice(["viewer", "editor", "admin"]),
    default="viewer",
    show_default=True,
    help="What the account may do.",
)
@click.option("--password-stdin", is_flag=True, help="Read the password from standard input (for scripts).")
@click.pass_context
def add(ctx: click.Context, name: str, role: str, password_stdin: bool) -> None:
    """Create an account NAME; asks for its password (at least 10 characters)."""
    from planner import api
    from planner.accounts import check_name, check_password

    a = app(ctx)
    check_name(name)
    password = check_password(_password(password_stdin))
    try:
        created = api.add_user(a.store, name, role, password, now=_now())
    finally:
        a.store.close()
    click.echo(
        f"Created the {created.role.value} account '{created.name}'. "
        "It can sign in at the address `planner serve` prints."
    )


@user.command("passwd")
@click.argument("name")
@click.option("--password-stdin", is_flag=True, help="Read the password from standard input (for scripts).")
@click.pass_context
def passwd(ctx: click.Context, name: str, password_stdin: bool) -> None:
    """Set a new password for the account NAME."""
    from planner import api
    from planner.accounts import check_password

    a = app(ctx)
    if a.store.user(name) is None:
        from planner.errors import UnknownId

        raise UnknownId("account", name, [u.name for u in a.store.users()])
    password = check_password(_password(password_stdin))
    try:
        changed = api.set_password(a.store, name, password, now=_now())
    finally:
        a.store.close()
    click.echo(f"Changed the password of '{changed.name}'.")


@user.command("list")
@click.pass_context
def list_(ctx: click.Context) -> None:
    """The accounts and their roles (never the passwords)."""
    a = app(ctx)
    try:
        found = a.store.users()
    finally:
        a.store.close()
    if not found:
        click.echo("No accounts yet. Create the first with: planner user add NAME --role admin")
        return
    for u in found:
        click.echo(f"{u.name:<24} {u.role.value:<7} since {u.created_at:%Y-%m-%d}")
