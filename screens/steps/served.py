"""送达回证 sent: the status page of the proof-of-service packet (sealed, pushed, received); a
seal that failed says why in the session's language and offers 重试 (the flow keeps the
signature), with no 完成 that would do nothing."""

from __future__ import annotations

from kiosk.flows.intents import ActionTapped
from kiosk.texts import localize
from kiosk.texts import t
from screens import theme
from screens.steps.submit import StatusScreen
from screens.widgets import label_width


class ServedScreen(StatusScreen):
    kind = "served"

    def build_body(self) -> None:
        super().build_body()
        # The proof's headlines are long sentences: room for two lines of body text in the banner.
        self.banner.height = max(self.banner.height, 2 * theme.BODY * theme.LINE_EM + theme.ref(8))
        self.reprint._on_tap = lambda: self.send(ActionTapped("retry"))  # the row's button: 重试

    @staticmethod
    def _failed(body) -> bool:
        return body.state == "rejected" and not body.packet_id

    def show_body(self, body, view) -> None:
        super().show_body(body, view)
        self.detail.text = localize(body.detail)  # a device's fault sentence, translated
        self.receipt.opacity = 0  # no paper receipt for a proof of service: the document is the paper
        failed = self._failed(body)
        label = t("common.retry")
        self.reprint.label.text = label
        self.reprint.width = label_width(label, theme.BODY) + theme.ref(60) if failed else 0
        self.reprint.opacity = 1 if failed else 0
        self.reprint.inert = not failed
        if not body.packet_id:
            self.facts.text = ""

    def primary_state(self, body):
        return ("", False) if self._failed(body) else super().primary_state(body)
