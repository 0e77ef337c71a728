"""A group of typer options declared once, as a frozen dataclass, and taken by many commands.

Typer has no option groups (fastapi/typer#153, #264): it reads a command's options from its
signature. So `takes_options(Group)` gives the command a signature in which its one parameter
annotated `Group` is replaced, in its place, by one parameter per field of `Group` (the field's
annotation and default), and calls it with those values gathered into a `Group`. Their place
is kept so that `--help` lists every option where it was, and click checks them in the same
order; annotations are the real objects, not strings, because typer's `get_type_hints` cannot
see the module that declared them (`from __future__ import annotations`).
"""

from __future__ import annotations

import functools
import inspect
from collections.abc import Callable, Iterable
from dataclasses import fields
from typing import Any, TypeVar, get_type_hints

Command = TypeVar("Command", bound=Callable[..., Any])


def takes_options(
    group: type, *, omit: Iterable[str] = (), **replaced: tuple[Any, Any]
) -> Callable[[Command], Command]:
    """Each field of the dataclass `group` becomes an option of the decorated command.

    `omit`: fields this command does not offer (they keep their default in the object).
    `replaced`: field name -> (annotation, default) for an option this command declares its own
    way (another help text, another default); its value still lands in the object.
    """
    hints = get_type_hints(group, include_extras=True)
    skipped = set(omit)
    unknown = (skipped | set(replaced)) - set(hints)
    if unknown:
        raise TypeError(f"{group.__name__} has no field {', '.join(sorted(unknown))}")
    declared = {
        field.name: replaced.get(field.name, (hints[field.name], field.default))
        for field in fields(group)
        if field.name not in skipped
    }

    def decorate(command: Command) -> Command:
        own = get_type_hints(command, include_extras=True)
        slot = _slot(command, own, group)
        present = inspect.signature(command).parameters
        if clash := sorted(set(declared) & set(present) - {slot}):  # else one would silently win
            raise TypeError(f"{command.__name__} declares {', '.join(clash)} itself: omit or replace it")
        parameters = []
        for parameter in present.values():
            if parameter.name != slot:
                parameters.append(parameter.replace(annotation=own.get(parameter.name, parameter.empty)))
                continue
            for name, (annotation, default) in declared.items():
                parameters.append(
                    inspect.Parameter(name, parameter.kind, default=default, annotation=annotation)
                )

        @functools.wraps(command)
        def with_group(**values: Any) -> Any:
            values[slot] = group(**{name: values.pop(name) for name in declared})
            return command(**values)

        returns = own.get("return", inspect.Signature.empty)
        with_group.__signature__ = inspect.Signature(parameters, return_annotation=returns)  # type: ignore[attr-defined]
        with_group.__annotations__ = {name: hint for name, hint in own.items() if name != slot} | {
            name: annotation for name, (annotation, _) in declared.items()
        }
        return with_group  # type: ignore[return-value]

    return decorate


def _slot(command: Callable[..., Any], hints: dict[str, Any], group: type) -> str:
    """The name of the command's one parameter annotated `group`."""
    slots = [name for name, hint in hints.items() if hint is group and name != "return"]
    if len(slots) != 1:
        raise TypeError(f"{command.__name__} needs one parameter annotated {group.__name__}")
    return slots[0]
