"""Every step kind by name: journeys name kinds, screens register one class per kind."""

from __future__ import annotations

from kiosk.flows.steps.base import Step
from kiosk.flows.steps.case_number import CaseNumber
from kiosk.flows.steps.check import Check
from kiosk.flows.steps.choose import Choose
from kiosk.flows.steps.court import CourtChoice
from kiosk.flows.steps.documents import Documents
from kiosk.flows.steps.fee_notice import FeeNoticeStep
from kiosk.flows.steps.fee_status import FeeStatus
from kiosk.flows.steps.form import Form
from kiosk.flows.steps.identify import Identify
from kiosk.flows.steps.library import LibraryStep
from kiosk.flows.steps.material_list import MaterialList
from kiosk.flows.steps.materials import Materials
from kiosk.flows.steps.notice import Notice
from kiosk.flows.steps.parties import Parties
from kiosk.flows.steps.compose import Compose
from kiosk.flows.steps.query import Query
from kiosk.flows.steps.sign import Sign
from kiosk.flows.steps.served import Served
from kiosk.flows.steps.submit import Status, Submit
from kiosk.flows.steps.viewer import Viewer
from kiosk.flows.steps.equipment import Equipment
from kiosk.flows.steps.transcript import Transcript

STEP_KINDS: dict[str, Step] = {step.kind: step for step in (
    Notice(), Identify(), Choose(), CourtChoice(), Materials(), Parties(), MaterialList(),
    Check(), Sign(), Submit(), Status(), CaseNumber(), Viewer(), LibraryStep(), Form(), Query(),
    Compose(), Documents(), Served(), FeeNoticeStep(), FeeStatus(), Equipment(), Transcript())}
