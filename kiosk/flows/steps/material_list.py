"""The material list (norms §10(1)): built from the scans — name (from the recognised document
type, editable), original or copy, page count, applicant and time — and reconciled with them."""

from __future__ import annotations

from dataclasses import dataclass, replace

from kiosk.flows.events import ActionTapped, FieldEdited, NextTapped
from kiosk.flows.rules.packet import rows_of
from kiosk.flows.steps.base import NEXT, Reply, Step


@dataclass(frozen=True)
class ListRow:
    no: int
    material_id: str
    name: str
    original: bool
    original_text: str
    pages: int
    applicant: str
    scanned_at: str


@dataclass(frozen=True)
class MaterialListView:
    rows: tuple[ListRow, ...]
    total_pages: int
    summary: str
    editing: str


class MaterialList(Step):
    kind = "material_list"

    def initial(self, spec, dossier, ctx):
        return ""

    def handle(self, spec, state, dossier, event, ctx):
        if isinstance(event, ActionTapped) and event.action == "toggle_original":
            entry = dossier.material(event.arg)
            if entry is not None:
                return Reply(state, dossier.with_material(replace(entry, original=not entry.original)))
        if isinstance(event, ActionTapped) and event.action == "rename":
            return Reply(event.arg, dossier)
        if isinstance(event, FieldEdited) and event.target.startswith("material:"):
            entry = dossier.material(event.target.split(":")[1])
            if entry is not None and event.value.strip():
                return Reply("", dossier.with_material(replace(entry, name=event.value.strip())))
        if isinstance(event, NextTapped):
            dossier = dossier.logged(event.wall, "material_list_confirmed",
                                     materials=len(rows_of(dossier)))
            return Reply("", dossier, go=NEXT)
        return Reply(state, dossier)

    def view(self, spec, state, dossier, ctx):
        rows = tuple(ListRow(r["no"], r["material_id"], r["name"], r["original"],
                             ctx.t("list.original" if r["original"] else "list.copy"), r["pages"],
                             r["applicant"], r["scanned_at"]) for r in rows_of(dossier))
        total = sum(r.pages for r in rows)
        return MaterialListView(rows, total, ctx.t("list.summary", count=len(rows), pages=total), state or "")
