"""The way to the admin screen: a PIN checked off the main thread with every wrong answer counted
(a lock-out after too many, kept across sessions), or a verified staff badge — which never ends a
litigant's journey half-way."""

from __future__ import annotations

from dataclasses import replace

from kiosk.flows.base import Event
from kiosk.flows.shell.effects import RefreshAdminStatus, StartSession, VerifyPin
from kiosk.flows.shell.events import BackTapped, PinChecked, PinSubmitted
from kiosk.flows.shell.lifecycle import end_session
from kiosk.flows.shell.state import AdminGate, NavState, Result


def staff_badge(state: NavState) -> Result:
    """A verified staff badge: straight to the admin screen (ending any litigant's session)."""
    if state.screen in ("admin", "journey"):
        return state, ()  # never end a litigant's journey half-way: they would lose their work
    if state.in_session:
        state, _ = end_session(state, "logout")
    opened = replace(state, screen="admin", last_activity=state.now, warning_until=None,
                     gate=AdminGate() if not state.gate.locked(state.now) else state.gate)
    return opened, (StartSession(), RefreshAdminStatus())


def admin_pin(state: NavState, event: Event) -> Result:
    if isinstance(event, BackTapped):
        return end_session(state, "finished")
    if isinstance(event, PinSubmitted):
        gate = state.gate
        if gate.locked(state.now) or gate.checking or not event.pin:
            return state, ()
        if gate.locked_until is not None:  # a past lock-out has expired
            gate = replace(gate, locked_until=None)
        return replace(state, gate=replace(gate, checking=True)), (VerifyPin(event.pin),)
    return state, ()


def pin_checked(state: NavState, event: PinChecked) -> Result:
    """Count every wrong answer, even one that arrives after the session ended."""
    gate = replace(state.gate, checking=False)
    if not event.ok:
        failures = gate.failures + 1
        if failures >= state.policy.admin_max_attempts:
            gate = replace(gate, failures=0, locked_until=state.now + state.policy.admin_lockout_s,
                           last_wrong=True)
        else:
            gate = replace(gate, failures=failures, last_wrong=True)
        return replace(state, gate=gate), ()
    if state.screen != "admin_pin" or not state.gate.checking:
        return replace(state, gate=gate), ()  # stale success: the person has gone
    gate = AdminGate()
    return replace(state, screen="admin", gate=gate), (RefreshAdminStatus(),)
