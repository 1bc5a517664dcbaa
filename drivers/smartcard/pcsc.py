"""The real PC/SC adapter over pyscard (pcscd): presence by SCardGetStatusChange, APDUs by connection."""

from __future__ import annotations

import threading

from drivers.errors import DeviceUnavailable, NoMedium, ProtocolError
from drivers.smartcard.port import GET_UID, ApduError


def _unavailable(what: str, detail: str) -> DeviceUnavailable:
    return DeviceUnavailable(f"PC/SC {what}: {detail}", device="smartcard", code="smartcard.unavailable")


class PcscReader:
    """``SmartCardReader`` on pcscd. ``reader_filter`` picks readers by a substring of their name."""

    def __init__(self, reader_filter: str = ""):
        self.reader_filter = reader_filter
        self._lock = threading.Lock()

    def _context(self):
        try:
            from smartcard import scard
        except ImportError as exc:
            raise _unavailable("library", "pyscard is not installed") from exc
        hresult, ctx = scard.SCardEstablishContext(scard.SCARD_SCOPE_USER)
        if hresult != scard.SCARD_S_SUCCESS:
            raise _unavailable("service", scard.SCardGetErrorMessage(hresult))
        return scard, ctx

    def readers(self) -> list[str]:
        scard, ctx = self._context()
        try:
            hresult, names = scard.SCardListReaders(ctx, [])
            if hresult == scard.SCARD_E_NO_READERS_AVAILABLE:
                return []
            if hresult != scard.SCARD_S_SUCCESS:
                raise _unavailable("readers", scard.SCardGetErrorMessage(hresult))
            return [n for n in names if self.reader_filter in n]
        finally:
            scard.SCardReleaseContext(ctx)

    def cards(self) -> dict[str, bytes]:
        names = self.readers()
        if not names:
            return {}
        scard, ctx = self._context()
        try:
            hresult, states = scard.SCardGetStatusChange(
                ctx, 0, [(name, scard.SCARD_STATE_UNAWARE) for name in names])
            if hresult not in (scard.SCARD_S_SUCCESS, scard.SCARD_E_TIMEOUT):
                raise _unavailable("status", scard.SCardGetErrorMessage(hresult))
            return {name: bytes(atr) for name, state, atr in states
                    if state & scard.SCARD_STATE_PRESENT and not state & scard.SCARD_STATE_MUTE}
        finally:
            scard.SCardReleaseContext(ctx)

    def _pick(self, reader: str | None) -> str:
        present = self.cards()
        if reader is not None:
            if reader not in present:
                raise NoMedium(f"no card on {reader}", device="smartcard", code="smartcard.no_card")
            return reader
        if not present:
            raise NoMedium("no card on any reader", device="smartcard", code="smartcard.no_card")
        return next(iter(present))

    def transmit(self, apdu: bytes, reader: str | None = None) -> bytes:
        from smartcard.Exceptions import CardConnectionException, NoCardException
        from smartcard.System import readers as all_readers

        name = self._pick(reader)
        target = next((r for r in all_readers() if str(r) == name), None)
        if target is None:
            raise _unavailable("reader", f"{name} disappeared")
        with self._lock:
            conn = target.createConnection()
            try:
                conn.connect()
                return self._exchange(conn, list(apdu))
            except NoCardException as exc:
                raise NoMedium(f"card left {name}", device="smartcard", code="smartcard.no_card") from exc
            except CardConnectionException as exc:
                raise ProtocolError(f"{name}: {exc}", device="smartcard") from exc
            finally:
                try:
                    conn.disconnect()
                    conn.release()  # else its __del__ fails once pcscd has gone
                except CardConnectionException:
                    pass

    @staticmethod
    def _exchange(conn, apdu: list[int]) -> bytes:
        data, sw1, sw2 = conn.transmit(apdu)
        if sw1 == 0x6C:  # wrong Le: the card tells the right one
            data, sw1, sw2 = conn.transmit(apdu[:-1] + [sw2] if len(apdu) > 4 else apdu + [sw2])
        out = list(data)
        while sw1 == 0x61:  # more data: GET RESPONSE
            data, sw1, sw2 = conn.transmit([0x00, 0xC0, 0x00, 0x00, sw2])
            out += data
        if (sw1, sw2) != (0x90, 0x00):
            raise ApduError(sw=(sw1 << 8) | sw2)
        return bytes(out)

    def uid(self, reader: str | None = None) -> bytes:
        return self.transmit(GET_UID, reader)
