"""Driving journeys through the pure shell: no Kivy, no devices, time in the events."""

from __future__ import annotations

import itertools
from dataclasses import replace

import pytest

from config.courts import packaged_courts
from kiosk.flows.dossier import Identity, PacketInfo, PageRef
from kiosk.flows.events import (MaterialRecognised, PacketSealed, PageScanned,
                                ScanFinished)
from kiosk.flows.journeys.registry import JOURNEYS
from kiosk.flows.shell import Env, Policy, initial_state, transition
from kiosk.texts import catalogue

ZHANG = Identity(name="张三", id_number="410181199003074517", gender="男", birth="1990-03-07",
                 address="河南省巩义市新华路12号", valid_to="2035-03-07")
COMPLAINT_FIELDS = (("parties", [{"role": "原告", "name": "张三", "kind": "person", "page": 0,
                                  "confidence": 95.0, "id_number": "", "credit_code": ""},
                                 {"role": "被告", "name": "李四", "kind": "person", "page": 0,
                                  "confidence": 93.0, "id_number": "", "credit_code": ""}]),
                    ("amounts", [{"value": 100000, "text": "100000元", "page": 0, "confidence": 88.0}]))


class Driver:
    """Feeds events to ``transition`` with a moving clock and keeps every effect."""

    def __init__(self):
        env = Env(journeys=JOURNEYS, courts=packaged_courts(), kiosk_court="豫0181",
                  texts=catalogue())
        self.state = initial_state(Policy(), 0.0, env)
        self.effects = []
        self.clock = itertools.count(1)
        self.wall = 1_767_000_000.0

    def send(self, event):
        t = next(self.clock)
        self.state, effects = transition(self.state, replace(event, at=float(t), wall=self.wall + t))
        self.effects.extend(effects)
        return effects

    @property
    def step(self) -> str:
        return self.state.journey.step if self.state.journey else ""

    @property
    def dossier(self):
        return self.state.journey.dossier

    def scan(self, material_id: str, pages: int = 1, fields=(), problems=()):
        for i in range(pages):
            self.send(PageScanned(material_id, PageRef(f"{material_id}-p{i}", f"/tmp/{material_id}-{i}.png", b"")))
        self.send(ScanFinished(material_id))
        self.send(MaterialRecognised(material_id, f"/tmp/{material_id}.pdf", "text", 91.0, True,
                                     fields=fields, page_problems=problems))

    def seal(self, packet_id="0190-test"):
        self.send(PacketSealed(PacketInfo(packet_id, "ab" * 32, self.wall + 100)))

    def materials(self, kind: str):
        return [m for m in self.dossier.materials if m.doc_type == kind]


@pytest.fixture
def driver():
    return Driver()
