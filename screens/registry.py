"""Screen name → screen class: the shell's screens and one per step kind. Built lazily by the
root, so an unused step kind costs nothing at start-up."""

from __future__ import annotations

from importlib import import_module

SCREENS: dict[str, str] = {
    "attract": "screens.attract:AttractScreen",
    "home": "screens.home:HomeScreen",
    "service": "screens.service:ServiceScreen",
    "admin_pin": "screens.admin_pin:AdminPinScreen",
    "admin": "screens.admin:AdminScreen",
    "step.notice": "screens.steps.notice:NoticeScreen",
    "step.identify": "screens.steps.identify:IdentifyScreen",
    "step.choose": "screens.steps.choose:ChooseScreen",
    "step.court": "screens.steps.court:CourtScreen",
    "step.materials": "screens.steps.materials:MaterialsScreen",
    "step.parties": "screens.steps.parties:PartiesScreen",
    "step.material_list": "screens.steps.material_list:MaterialListScreen",
    "step.check": "screens.steps.check:CheckScreen",
    "step.sign": "screens.steps.sign:SignScreen",
    "step.submit": "screens.steps.submit:SubmitScreen",
    "step.status": "screens.steps.submit:StatusScreen",
    "step.case_number": "screens.steps.case_number:CaseNumberScreen",
    "step.viewer": "screens.steps.viewer:ViewerScreen",
    "step.library": "screens.steps.library:LibraryScreen",
    "step.form": "screens.steps.form:FormScreen",
    "step.query": "screens.steps.query:QueryScreen",
    "step.compose": "screens.steps.compose:ComposeScreen",
    "step.documents": "screens.steps.documents:DocumentsScreen",
    "step.served": "screens.steps.served:ServedScreen",
    "step.fee_notice": "screens.steps.fee_notice:FeeNoticeScreen",
    "step.fee_status": "screens.steps.fee_notice:FeeStatusScreen",
    "step.equipment": "screens.steps.equipment:EquipmentScreen",
    "step.transcript": "screens.steps.transcript:TranscriptScreen",
}


def screen_class(name: str):
    module, _, attr = SCREENS[name].partition(":")
    return getattr(import_module(module), attr)
