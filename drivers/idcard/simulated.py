"""The real adapter wired to an in-process simulator: what ``kind = "sim"`` gives the kiosk."""

from __future__ import annotations

from drivers.idcard.reader import SerialIdCardReader
from drivers.idcard.sim import IdCardSimulator


class SimulatedIdCardReader(SerialIdCardReader):
    """A ``SerialIdCardReader`` on the pty of its own ``simulator`` (reach it to place cards)."""

    def __init__(self, simulator: IdCardSimulator, **options):
        self.simulator = simulator
        if not simulator.pty.running:
            simulator.start()
        super().__init__(simulator.path, **options)

    def shutdown(self) -> None:
        """Close the port and stop the simulator (``close`` alone keeps it for a reopen)."""
        self.close()
        self.simulator.stop()
