"""Service id → journey. A service without a journey still shows its landing page."""

from __future__ import annotations

from kiosk.flows.engine import Journey
from kiosk.flows.journeys.documents import DOCUMENTS
from kiosk.flows.journeys.fees import FEE_PAYMENT
from kiosk.flows.journeys.filing import FILING
from kiosk.flows.journeys.petition import PETITION
from kiosk.flows.journeys.preservation import PRESERVATION
from kiosk.flows.journeys.publications import PUBLICATIONS
from kiosk.flows.journeys.queries import CONTACT_JUDGE, MY_CASES
from kiosk.flows.journeys.transfer import TRANSFER
from kiosk.flows.journeys.transcripts import TRANSCRIPTS

JOURNEYS: dict[str, Journey] = {j.service: j for j in (FILING, TRANSFER, MY_CASES, CONTACT_JUDGE,
                                                       PRESERVATION, PETITION, PUBLICATIONS,
                                                       DOCUMENTS, FEE_PAYMENT, TRANSCRIPTS)}
