"""Choose one of a few options (the case type, a service method…): one tap picks and moves on.

``params["options"]``: ((value, catalogue key or text), …); ``params["target"]``: the dossier
field the choice fills (e.g. ``case_type``).
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from kiosk.flows.events import OptionChosen
from kiosk.flows.steps.base import NEXT, Reply, Step


@dataclass(frozen=True)
class ChooseView:
    options: tuple[tuple[str, str, str], ...]
    """(value, label, subtitle)."""
    chosen: str


class Choose(Step):
    kind = "choose"

    def handle(self, spec, state, dossier, event, ctx):
        values = {value for value, *_ in spec.params["options"]}
        if isinstance(event, OptionChosen) and event.value in values:
            target = spec.params["target"]
            dossier = replace(dossier, **{target: event.value}).logged(
                event.wall, "chosen", field=target, value=event.value)
            return Reply(event.value, dossier, go=NEXT)
        return Reply(state, dossier)

    def view(self, spec, state, dossier, ctx):
        options = tuple((value, ctx.t(label), ctx.t(sub) if sub else "")
                        for value, label, sub in spec.params["options"])
        return ChooseView(options, getattr(dossier, spec.params["target"]) or "")
