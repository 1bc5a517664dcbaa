"""Materials: scan each one (feeder or glass, duplex), see the pages arrive, rescan, reorder or
delete a page, add another material. Which materials the case type requires is data
(``journeys.case_types``); recognition runs in the capture worker while the litigant goes on.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from kiosk.flows.dossier import MaterialEntry
from kiosk.flows.effects import RecogniseMaterial, ScanMaterial
from kiosk.flows.events import ActionTapped, NextTapped, ScanFailed
from kiosk.flows.rules.case_types import required_materials
from kiosk.flows.steps.base import NEXT, Reply, Step

BUSY = ("scanning",)


@dataclass(frozen=True)
class MaterialsState:
    current: str = ""
    seq: int = 0
    message: str = ""
    duplex: bool = False
    """Both sides of each sheet from the feeder (a double-sided complaint)."""


@dataclass(frozen=True)
class MaterialCard:
    material_id: str
    name: str
    status: str
    status_text: str
    thumbs: tuple[bytes, ...]
    page_problems: tuple[str, ...]
    error: str


@dataclass(frozen=True)
class MaterialsView:
    required: tuple[tuple[str, str, bool], ...]
    """(kind key, name, scanned?) for each material the case type requires."""
    optional: tuple[tuple[str, str], ...]
    materials: tuple[MaterialCard, ...]
    current: str
    message: str
    busy: bool
    can_continue: bool
    hint: str
    duplex: bool = False


def _kinds(dossier):
    required = required_materials(dossier.case_type, dossier.agent is not None)
    optional = (("other", "其他材料"),)
    return required, optional


class Materials(Step):
    kind = "materials"

    def initial(self, spec, dossier, ctx):
        if dossier.supersedes and dossier.materials:  # a resubmission: the first material on show
            return MaterialsState(current=dossier.materials[0].material_id)
        return MaterialsState()

    def handle(self, spec, state, dossier, event, ctx):
        if isinstance(event, ScanFailed):
            return Reply(replace(state, message=event.message), dossier)
        if isinstance(event, ActionTapped):
            return self._action(state, dossier, event, ctx)
        if isinstance(event, NextTapped) and self._can_continue(dossier, spec):
            return Reply(replace(state, message=""), dossier, go=NEXT)
        if isinstance(event, NextTapped):
            return Reply(replace(state, message=ctx.t("materials.wait_scanning")), dossier)
        return Reply(state, dossier)

    def _busy(self, dossier) -> bool:
        return any(m.status in BUSY for m in dossier.materials)

    def _can_continue(self, dossier, spec=None) -> bool:
        """Something scanned (or, with ``params["optional"]``, nothing needed) and no scan running."""
        wanted = not (spec is not None and spec.params.get("optional"))
        return (bool(dossier.materials) or not wanted) and not self._busy(dossier)

    def _action(self, state, dossier, event, ctx):
        action, arg = event.action, event.arg
        if action == "duplex":
            return Reply(replace(state, duplex=not state.duplex), dossier)
        if self._busy(dossier) and action not in ("select",):
            return Reply(replace(state, message=ctx.t("materials.wait_scanning")), dossier)
        if action == "add":
            required, optional = _kinds(dossier)
            names = {k.key: k.name for k in required} | dict(optional)
            seq = state.seq + 1
            entry = MaterialEntry(f"m{seq:02d}", names.get(arg, names["other"]), doc_type=arg,
                                  original=arg in ("complaint", "appeal", "retrial_application",
                                                   "enforcement_application", "power_of_attorney",
                                                   "preservation_application", "appraisal_application"),
                                  status="scanning")
            dossier = dossier.with_material(entry).logged(event.wall, "material_added",
                                                          material=entry.material_id, kind=arg)
            return Reply(replace(state, current=entry.material_id, seq=seq, message=""), dossier,
                         (ScanMaterial(entry.material_id, source="feeder", duplex=state.duplex),))
        entry = dossier.material(arg.split(":")[0]) if arg else dossier.material(state.current)
        if entry is None:
            return Reply(state, dossier)
        if action == "select":
            return Reply(replace(state, current=entry.material_id), dossier)
        if action in ("scan_more", "scan_flatbed"):
            source = "flatbed" if action == "scan_flatbed" else "feeder"
            if entry.kept_from and not entry.pages:  # rescanning a kept material replaces the court's copy
                entry = replace(entry, kept_from="", kept_file="", kept_sha256="", kept_pages=0, error="")
                dossier = dossier.logged(event.wall, "kept_material_rescanned", material=entry.material_id)
            dossier = dossier.with_material(replace(entry, status="scanning", error=""))
            return Reply(replace(state, current=entry.material_id, message=""), dossier,
                         (ScanMaterial(entry.material_id, source=source,
                                       duplex=state.duplex and source == "feeder",
                                       existing=tuple(p.path for p in entry.pages)),))
        if action == "delete_material":
            dossier = dossier.without_material(entry.material_id).logged(
                event.wall, "material_deleted", material=entry.material_id)
            return Reply(replace(state, current=""), dossier)
        if action in ("delete_page", "move_page", "rescan_page"):
            return self._page_action(state, dossier, entry, event)
        return Reply(state, dossier)

    def _page_action(self, state, dossier, entry, event):
        parts = event.arg.split(":")
        index = int(parts[1]) if len(parts) > 1 and parts[1].lstrip("-").isdigit() else -1
        if not 0 <= index < entry.page_count:
            return Reply(state, dossier)
        pages = list(entry.pages)
        if event.action == "rescan_page":
            dossier = dossier.with_material(replace(entry, status="scanning"))
            return Reply(state, dossier, (ScanMaterial(
                entry.material_id, source="flatbed", existing=tuple(p.path for p in pages),
                replace_index=index),))
        if event.action == "delete_page":
            del pages[index]
        else:
            step = int(parts[2]) if len(parts) > 2 else 1
            target = index + step
            if not 0 <= target < len(pages):
                return Reply(state, dossier)
            pages[index], pages[target] = pages[target], pages[index]
        entry = replace(entry, pages=tuple(pages), status="recognising" if pages else "empty")
        dossier = dossier.with_material(entry).logged(event.wall, event.action,
                                                      material=entry.material_id, page=index + 1)
        effects = (RecogniseMaterial(entry.material_id, entry.name, tuple(p.path for p in pages)),) if pages else ()
        return Reply(state, dossier, effects)

    def view(self, spec, state, dossier, ctx):
        required, optional = _kinds(dossier)
        have = {m.doc_type for m in dossier.materials if m.in_packet and m.status in ("ready", "kept")}
        cards = tuple(MaterialCard(
            m.material_id, m.name, m.status,
            ctx.t("cf.material_kept", pages=m.page_count) if m.status == "kept"
            else ctx.t(f"materials.status.{m.status}", pages=m.page_count),
            tuple(p.thumb for p in m.pages),
            tuple(ctx.t(f"capture_short.{p.problem}") if p.problem else "" for p in m.pages),
            m.error) for m in dossier.materials)
        return MaterialsView(
            required=tuple((k.key, k.name, k.key in have) for k in required),
            optional=optional, materials=cards, current=state.current, message=state.message,
            busy=self._busy(dossier), can_continue=self._can_continue(dossier, spec),
            hint=ctx.t("materials.hint"), duplex=state.duplex)
