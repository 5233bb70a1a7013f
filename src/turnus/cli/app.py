"""The Typer application, the console, and the error boundary of every command."""

from __future__ import annotations

import functools
import sys
from collections.abc import Callable
from typing import Any, TypeVar

import typer
from rich.console import Console
from rich.markup import escape

from turnus.exceptions import InputError, TurnusError

app = typer.Typer(
    name="turnus",
    help="Rosters and task lists for a hospital medical-secretary office.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
console = Console(stderr=False, emoji=False)  # shift codes like :A: are not emoji
err_console = Console(stderr=True, emoji=False)

F = TypeVar("F", bound=Callable[..., Any])

EXIT_INPUT = 2


def friendly(func: F) -> F:
    """Report a :class:`TurnusError` as a message and exit 2, never with a traceback."""

    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return func(*args, **kwargs)
        except InputError as error:
            # soft_wrap: long paths and messages stay whole, for logs and copy-paste
            err_console.print(f"[bold red]Error in {escape(error.source)}[/]", soft_wrap=True)
            for problem in error.problems:
                err_console.print(f"  {problem}", markup=False, highlight=False, soft_wrap=True)
            err_console.print(
                f"Correct the above in {error.source} and run again.", markup=False, soft_wrap=True
            )
            raise typer.Exit(EXIT_INPUT) from None
        except TurnusError as error:
            err_console.print(f"[bold red]Error:[/] {error}", highlight=False)
            raise typer.Exit(EXIT_INPUT) from None

    return wrapper  # type: ignore[return-value]


def main() -> None:
    try:
        app()
    except KeyboardInterrupt:
        err_console.print("Interrupted.")
        sys.exit(130)
