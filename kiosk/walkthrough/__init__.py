"""A person at the screen, scripted: real touches on the real widgets, step by step, a PNG per
step. The headless demo, the UI tests and ``bench/journey.py`` all walk the journeys this way,
so what the README shows is what the tests drive. One module per journey; every walk is
re-exported here so a script needs one import."""

from __future__ import annotations

from kiosk.walkthrough.archives import (  # noqa: F401
    archive_open,
    archive_read_and_print,
    archive_request,
    archive_viewing,
)
from kiosk.walkthrough.cases import (  # noqa: F401
    contact_judge,
    my_cases,
    open_conversation,
    petition,
    preservation_in_case,
)
from kiosk.walkthrough.documents import (  # noqa: F401
    _doc_form_choose,
    _doc_form_open,
    _short_form_top,
    documents_answer,
    documents_by_code,
    documents_open,
    documents_preview,
    documents_print,
    documents_refuse_proof,
    documents_request,
    documents_sign_proof,
)
from kiosk.walkthrough.fees import (  # noqa: F401
    fee_notices,
    fee_slip,
    open_fee_notice,
    pay_fee,
)
from kiosk.walkthrough.filing import (  # noqa: F401
    civil_filing,
    elderly_civil_filing,
    filing_to_sign,
    list_check_sign_submit,
    material_transfer,
    resubmit_rejected,
    to_materials,
)
from kiosk.walkthrough.forms import (  # noqa: F401
    _button,
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
from kiosk.walkthrough.gestures import pinch, scroll_until, steady, swipe  # noqa: F401
from kiosk.walkthrough.public import (  # noqa: F401
    open_publication,
    print_shown,
    turn_and_zoom,
)
from kiosk.walkthrough.steps import (  # noqa: F401
    SIGNATURE,
    _dismiss_news,
    _phone_missing,
    accept_notice,
    await_receipt,
    begin_service,
    check_sign_submit,
    choose,
    choose_court,
    fill_contact,
    home_tile,
    open_service,
    pass_identify,
    scan_material,
    sign_all,
    start_with_card,
    tap_elderly,
)
from kiosk.walkthrough.transcripts import (  # noqa: F401
    equipment_check,
    open_transcript_tile,
    read_transcript,
    refuse_transcript,
    sign_transcript,
    video_application,
)

from kiosk.walkthrough.walk import Walk  # noqa: F401
