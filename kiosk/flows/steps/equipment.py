"""设备检查 (norms §15(1)): the booth's camera, microphone and speaker probed through the device
port; each shown as found or missing in plain words; a missing part tells staff at once."""

from __future__ import annotations

from dataclasses import dataclass, replace

from kiosk.flows.effects import AlertStaff, Speak
from kiosk.flows.events import ActionTapped, NextTapped
from kiosk.flows.steps.base import NEXT, Reply, Step
from kiosk.flows.video import CheckEquipment, EquipmentChecked

PARTS = ("camera", "microphone", "speaker")


@dataclass(frozen=True)
class EquipmentState:
    key: str = ""
    checking: bool = True
    parts: tuple[tuple[str, bool, str, str], ...] = ()
    error: str = ""
    rounds: int = 0


@dataclass(frozen=True)
class EquipmentRow:
    part: str
    label: str
    present: bool
    status: str
    hint: str
    name: str = ""
    """The device's own name as it reports it (data: shown as written in every language)."""


@dataclass(frozen=True)
class EquipmentView:
    checking: bool
    headline: str
    rows: tuple[EquipmentRow, ...]
    ok: bool
    recheck_label: str
    done_label: str


class Equipment(Step):
    kind = "equipment"

    def initial(self, spec, dossier, ctx):
        return EquipmentState()

    def _check(self, state, ctx):
        key = f"av@{ctx.now:.3f}#{state.rounds + 1}"
        return replace(state, key=key, checking=True, rounds=state.rounds + 1), (CheckEquipment(key),)

    def enter(self, spec, state, dossier, ctx):
        state, effects = self._check(state, ctx)
        return Reply(state, dossier, effects)

    def handle(self, spec, state, dossier, event, ctx):
        if isinstance(event, EquipmentChecked) and event.key == state.key:
            missing = [p for p, present, _n, _c in event.parts if not present] or ([] if not event.error else list(PARTS))
            dossier = dossier.logged(event.wall, "equipment_checked", missing=missing,
                                     found=[n for _p, present, n, _c in event.parts if present])
            effects = (AlertStaff("av_missing", ",".join(missing)),) if missing else ()
            state = replace(state, checking=False, parts=event.parts, error=event.error)
            effects += (Speak(self.view(spec, state, dossier, ctx).headline),)
            return Reply(state, dossier, effects)
        if isinstance(event, ActionTapped) and event.action == "recheck" and not state.checking:
            state, effects = self._check(state, ctx)
            return Reply(state, dossier, effects)
        if isinstance(event, NextTapped) and not state.checking:
            return Reply(state, dossier, go=NEXT)
        return Reply(state, dossier)

    def view(self, spec, state, dossier, ctx):
        by_part = {p: (present, name, code) for p, present, name, code in state.parts}
        rows = []
        for part in PARTS:
            label = ctx.t(f"equipment.part.{part}")
            if state.checking:
                rows.append(EquipmentRow(part, label, False, ctx.t("equipment.checking_part"), ""))
                continue
            present, name, code = by_part.get(part, (False, "", f"av.{part}_missing"))
            if present:
                rows.append(EquipmentRow(part, label, True, ctx.t("equipment.found", name=name), "", name))
            else:
                problem = code.rpartition("_")[2] if code else "missing"
                rows.append(EquipmentRow(part, label, False, ctx.t(f"equipment.{problem}"),
                                         ctx.t(f"equipment.hint.{part}")))
        ok = not state.checking and all(r.present for r in rows)
        if state.checking:
            headline = ctx.t("equipment.checking")
        elif state.error:
            headline = state.error
        elif ok:
            headline = ctx.t("equipment.all_ok")
        else:
            headline = ctx.t("equipment.some_missing",
                             parts="、".join(r.label for r in rows if not r.present))
        return EquipmentView(state.checking, headline, tuple(rows), ok, ctx.t("equipment.recheck"),
                             ctx.t("equipment.done"))

    def prompt(self, spec, state, dossier, ctx):
        if state is None or state.checking:
            return ctx.t(spec.prompt)
        return self.view(spec, state, dossier, ctx).headline
