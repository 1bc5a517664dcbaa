"""What ``kiosk audit-screens`` renders: every screen ``kiosk.headless`` can reach, plus any
target registered here (the journey step screens register one per step kind).

A target is a name and a function that drives a fresh headless kiosk to that screen through the
same intents the widgets send. ``register`` is the extension point; ``audit_targets`` lists all.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

# admin needs the real PIN; admin_locked shows the same screen as admin_pin.
SHELL_SKIP = {"admin", "admin_locked"}


@dataclass(frozen=True)
class Target:
    name: str
    reach: Callable[[object], None]
    """Drives a ``kiosk.headless.Headless`` (freshly built, on the attract screen) there."""
    pin: str | None = None
    """The admin PIN the target needs, if any (its test settings' PIN)."""
    overlay: str | None = None
    """The root's attribute holding the modal overlay this target shows (``"overlay"``: the idle
    warning): the audit checks that overlay, and fails when it is not on screen."""


_EXTRA: dict[str, Target] = {}


def register(name: str, reach: Callable[[object], None], *, pin: str | None = None) -> None:
    """Add (or replace) a target, e.g. ``register("step.notice", drive_to_notice)``."""
    _EXTRA[name] = Target(name, reach, pin)


def _shell(screen: str) -> Target:
    def go(kiosk) -> None:
        from kiosk.headless import reach

        reach(kiosk, screen, True)

    # "idle" is the warning over a step, not a screen of its own: the audit judges the overlay.
    return Target(screen, go, overlay="overlay" if screen == "idle" else None)


def _tile(service: str) -> Callable[[object], None]:
    """The home screen's tile for ``service``: a journey's first step, or the service screen."""

    def go(kiosk) -> None:
        from kiosk.flows.intents import ScreenTouched, TileTapped

        kiosk.controller.send(ScreenTouched())
        kiosk.controller.send(TileTapped(service))
        kiosk.settle()

    return go


def admin_target(pin: str) -> Target:
    """The admin screen, behind the PIN (``kiosk audit-screens --pin``)."""

    def go(kiosk) -> None:
        from kiosk.flows.intents import AdminTapped, PinSubmitted

        kiosk.controller.send(AdminTapped())
        kiosk.controller.send(PinSubmitted(pin))
        kiosk.settle()
        if kiosk.screen != "admin":
            raise PermissionError("the admin PIN was not accepted")
        kiosk.settle()

    return Target("admin", go, pin)


def audit_targets(pin: str | None = None) -> list[Target]:
    """Every target; the admin screen too when its PIN is given."""
    import kiosk.a11y.home_targets  # noqa: F401 - the home screen's further pages
    import kiosk.a11y.journey_targets  # noqa: F401 - registers one target per step kind
    from kiosk.headless import SCREENS

    shell = [_shell(s) for s in SCREENS if s not in SHELL_SKIP | {"service"}]
    from kiosk.flows.catalog import SERVICES
    from kiosk.flows.journeys.registry import JOURNEYS

    landing = next((s.id for s in SERVICES if s.id not in JOURNEYS), None)  # a service without a journey yet
    if landing is not None:  # once every tile opens a journey, no tile reaches the landing screen
        shell.insert(2, Target("service", _tile(landing)))
    journeys = [Target("step.notice", _tile("case_filing"))]  # where a filing journey starts
    extra = [t for name, t in sorted(_EXTRA.items()) if name not in SCREENS]
    admin = [admin_target(pin)] if pin else []
    return shell + admin + [j for j in journeys if j.name not in _EXTRA] + extra
