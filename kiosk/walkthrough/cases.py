"""案件查询 and the live questions: my cases, 保全鉴定 in a case, 联系法官, 网上信访."""

from __future__ import annotations

from kiosk.walkthrough.forms import (
    _case_keys,
    action_key,
    form_choose,
    form_clear,
    form_commit,
    form_open,
    form_type_keys,
    form_type_pinyin,
    type_case_number,
    type_pinyin,
)
from kiosk.walkthrough.steps import (
    await_receipt,
    begin_service,
    check_sign_submit,
    pass_identify,
    scan_material,
)
from kiosk.walkthrough.walk import Walk
from kiosk.walkthrough.filing import list_check_sign_submit


def preservation_in_case(walk: Walk, case_ref: str, *, wait_receipt: float = 120.0) -> str:
    """诉中财产保全 with an insurer's guarantee letter, from the home screen to the court's receipt."""
    begin_service(walk, "preservation_appraisal")
    walk.wait_screen("step.choose")
    walk.shot("kind", "the kind: property preservation before or during litigation, evidence, conduct, appraisal")
    walk.tap(next(c for c in walk.screen.cards if c.value == "preservation_property"))
    walk.wait_screen("step.case_number")
    type_case_number(walk, case_ref)
    walk.shot("case-number", "in a case the case number names the court")
    walk.next()
    scan_material(walk, "preservation_application", 1)
    scan_material(walk, "guarantee", 1)
    walk.shot("materials", "the application and the guarantee letter scanned")
    walk.next()
    walk.wait_screen("step.form")
    walk.shot("form", "the form: the respondent and the amount read from the application, with where from")
    form_open(walk, "property")
    form_type_pinyin(walk, ("yinhang", "zhanghu"), shot="form-pinyin")
    form_commit(walk)
    form_open(walk, "reason")
    form_type_pinyin(walk, ("zhuanyi", "caichan"))
    form_commit(walk)
    if not any(r.key == "amount" and r.value for r in walk.body.rows):  # OCR did not read it: typed
        form_open(walk, "amount")
        form_type_keys(walk, "80000")
        form_commit(walk)
    form_choose(walk, "guarantee", "insurer")
    form_open(walk, "guarantee_amount")
    form_type_keys(walk, "80000")
    form_commit(walk)
    form_open(walk, "insurer")
    form_type_pinyin(walk, ("baoxian", "gongsi"))
    form_commit(walk)
    form_open(walk, "phone")
    form_clear(walk)  # the phone read from the application is not the applicant's
    form_type_keys(walk, "12345")
    form_commit(walk)
    walk.wait(lambda: walk.body.editing_error != "", 5, "the phone refused")
    walk.shot("form-refused", "a wrong phone is refused with the reason; what was typed stays in the editor")
    form_clear(walk)
    form_type_keys(walk, "13800138000")
    form_commit(walk)
    walk.wait(lambda: not walk.body.editing, 5, "the editor to close")
    walk.shot("form-filled", "the form complete: the guarantee (insurer's letter) with its amount")
    walk.next()
    walk.wait_screen("step.material_list")
    walk.shot("material-list", "the material list")
    walk.next()
    return check_sign_submit(walk, wait_receipt, "received", "the court's signed receipt")


def my_cases(walk: Walk, *, shot: bool = True) -> None:
    """From the home screen with the card read: 案件查询 → the court's live answer on screen."""
    kiosk = walk.kiosk
    walk.tap(kiosk.root.screens["home"].tiles["case_query"])
    walk.wait(lambda: kiosk.screen in ("step.identify", "step.query"), 10, "the identify step")
    if kiosk.screen == "step.identify":  # the card read before the tile: confirm it once
        walk.wait(lambda: walk.body.who != "", 10, "the card holder")
        walk.next()
    walk.wait_screen("step.query")
    walk.wait(lambda: walk.body.status != "asking", 10, "the court's answer")
    if shot:
        walk.shot("q-my-cases", "我的案件: the court's signed live answer, per case and per filing")


def open_conversation(walk: Walk, case_ref: str) -> None:
    """联系法官 from the home screen to the conversation, fetched live from the court."""
    walk.tap(walk.kiosk.root.screens["home"].tiles["contact_judge"])
    walk.wait_screen("step.case_number")
    keys = {w.label.text: w for w in walk.screen.body.walk() if hasattr(w, "label")}
    for part in _case_keys(case_ref):
        walk.tap(keys[part])
    walk.next()
    pass_identify(walk)
    walk.wait_screen("step.query")
    walk.wait(lambda: walk.body.status != "asking", 10, "the conversation from the court")


def contact_judge(walk: Walk, case_ref: str, words, *, wait_receipt: float = 120.0) -> str:
    """联系法官: case number on the keypad, the card, the conversation, a message typed in pinyin,
    no attachment, sent; returns the packet id."""
    from screens.inputs.keyboard import PinyinKeyboard

    open_conversation(walk, case_ref)
    walk.shot("q-conversation", "我的留言: the conversation so far, live from the court")
    walk.next()
    walk.wait_screen("step.compose")
    walk.tap(walk.screen.write_button)
    def keyboard_shown():
        return next((w for w in walk.screen.editor.walk() if isinstance(w, PinyinKeyboard)
                     and walk.screen.editor.parent is not None), None)
    walk.wait(lambda: walk.body.editing and keyboard_shown() is not None, 5, "the keyboard")
    keyboard = keyboard_shown()
    type_pinyin(walk, keyboard, words)
    walk.shot("q-compose-keyboard", "the message typed on the pinyin keyboard")
    walk.tap(action_key(walk.screen.editor, "confirm"))
    walk.wait(lambda: not walk.body.editing, 5, "the editor to close")
    walk.shot("q-compose", "the message, its length checked")
    walk.next()
    walk.wait_screen("step.materials")
    walk.shot("q-attachments", "attachments: optional")
    walk.next()
    return await_receipt(walk, wait_receipt, "q-message-received", "the message received by the court")


def petition(walk: Walk, *, wait_receipt: float = 120.0) -> str:
    """网上信访 without materials: the petitioner from the card, the matter and the request typed."""
    begin_service(walk, "petition")
    walk.wait_screen("step.form")
    walk.shot("petition-form", "the petition: name, ID number and address from the card")
    form_open(walk, "matter")
    form_type_pinyin(walk, ("zhixing", "kuan"))
    form_commit(walk)
    form_open(walk, "request")
    form_type_pinyin(walk, ("jinkuai", "fafang"))
    form_commit(walk)
    form_open(walk, "phone")
    form_type_keys(walk, "13800138000")
    form_commit(walk)
    walk.wait(lambda: not walk.body.editing, 5, "the editor to close")
    walk.shot("petition-filled", "the matter and the request typed on the pinyin keyboard")
    walk.next()
    walk.wait_screen("step.materials")
    walk.next()
    return list_check_sign_submit(walk, wait_receipt, "the petition office's receipt",
                                  "petition-received", "received by the petition office")
