"""送达回证 sent: the status page of the proof-of-service packet (sealed, pushed, received)."""

from __future__ import annotations

from screens.steps.submit import StatusScreen


class ServedScreen(StatusScreen):
    kind = "served"

    def show_body(self, body, view) -> None:
        super().show_body(body, view)
        self.receipt.opacity = 0  # no paper receipt for a proof of service: the document is the paper
        if not body.packet_id:
            self.facts.text = ""
