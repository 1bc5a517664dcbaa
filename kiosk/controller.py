"""The one controller: intents from screens and events from workers in, view states out.

It runs ``transition``, executes the effects (slow ones on a worker pool) and hands every new view
state to a bridge. ``ClockBridge`` is the only place where a worker thread reaches the Kivy thread.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor, wait
from dataclasses import replace
from typing import TYPE_CHECKING, Any, Protocol

from kiosk.effects.dispatcher import Dispatcher
from kiosk.effects.ports import Ports, Services
from kiosk.flows.base import ClockTicked, Event
from kiosk.flows.pin import verify_pin
from kiosk.flows.shell import (EndSession, Env, PinChecked, Policy, RefreshAdminStatus, ReplayVoice,
                               StartSession, TuneVoice, VerifyPin, initial_state, transition)
from kiosk.flows.view import NOT_CONNECTED, UNKNOWN, AdminInfo, ViewState, render_view
from kiosk.session import Session

if TYPE_CHECKING:
    from config.settings import KioskSettings

log = logging.getLogger(__name__)

DEVICE_LABELS = {
    "idcard": "身份证阅读器",
    "smartcard": "智能卡读卡器",
    "printer": "文书打印机",
    "receipt_printer": "凭条打印机",
    "scanner": "扫描仪",
    "qr_scanner": "扫码器",
    "av": "视频设备",
}


class Bridge(Protocol):
    def publish(self, view: ViewState) -> None: ...


class ClockBridge:
    """Hands view states to the Kivy thread with ``Clock.schedule_once``, coalescing bursts."""

    def __init__(self, render: Callable[[ViewState], None] | None = None):
        self._render = render
        self._lock = threading.Lock()
        self._latest: ViewState | None = None
        self._scheduled = False

    def attach(self, render: Callable[[ViewState], None]) -> None:
        self._render = render

    def publish(self, view: ViewState) -> None:
        from kivy.clock import Clock

        with self._lock:
            self._latest = view
            if self._scheduled:
                return
            self._scheduled = True
        Clock.schedule_once(self._flush, 0)

    def _flush(self, _dt: float) -> None:
        with self._lock:
            view, self._scheduled = self._latest, False
        if view is not None and self._render is not None:
            try:
                self._render(view)
            except Exception:  # a drawing bug must not take the kiosk down mid-session
                log.exception("rendering the view state failed")


class DirectBridge:
    """Test twin without Kivy: keeps every published view."""

    def __init__(self) -> None:
        self.views: list[ViewState] = []

    def publish(self, view: ViewState) -> None:
        self.views.append(view)

    @property
    def last(self) -> ViewState:
        return self.views[-1]


class Controller:
    """Owns the navigation state and the current session; safe to call from any thread."""

    def __init__(self, settings: KioskSettings, bridge: Bridge, services: Services,
                 clock: Callable[[], float] = time.monotonic,
                 executor: ThreadPoolExecutor | None = None, env: Env | None = None,
                 ports: Ports | None = None, wall_clock: Callable[[], float] = time.time):
        self.settings = settings
        self.bridge = bridge
        self.services = services
        self.clock = clock
        self.wall_clock = wall_clock
        self._executor = executor or ThreadPoolExecutor(max_workers=4, thread_name_prefix="kiosk")
        self._lock = threading.RLock()
        self.env = env or Env()
        self._state = initial_state(Policy.from_ui(settings.ui), clock(), self.env)
        self.ports = ports or Ports(settings)
        self.ports.session = lambda: self._session
        if self.ports.speak is None:
            self.ports.speak = services.speak
        self.dispatcher = Dispatcher(self.ports, self.send, self._background, self._watch)
        self.session_hooks: list[Any] = []
        """Objects with ``start_session()`` / ``end_session()`` (the input engines), run in order
        on one worker of their own, so an end never overtakes the start before it."""
        self._hooks_executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="kiosk-session")
        self._watch_executor = ThreadPoolExecutor(max_workers=8, thread_name_prefix="kiosk-watch")
        """Waits that last until the court answers or the session ends (a receipt, a reply, a QR
        code): kept off the work pool, so four of them cannot hold back speech or OCR."""
        for effect_type, handler in ((StartSession, self._start_session),
                                     (EndSession, self._end_session),
                                     (VerifyPin, lambda e: self._background(self._verify_pin, e.pin)),
                                     (RefreshAdminStatus, self._refresh_admin),
                                     (TuneVoice, self._tune_voice),
                                     (ReplayVoice, self._replay_voice)):
            self.dispatcher.register(effect_type, handler)
        self._session: Session | None = None
        self._pending: set[Future] = set()
        self._jobs_lock = threading.Lock()
        self._admin = AdminInfo()
        self._last_view: ViewState | None = None

    # --- inputs ---------------------------------------------------------------------------

    def send(self, event: Event) -> None:
        """An intent from a screen or an event from a worker; ``at`` is stamped here."""
        with self._lock:
            event = replace(event, at=self.clock(), wall=self.wall_clock())
            self._state, effects = transition(self._state, event)
            for effect in effects:
                self._run(effect)
            self._publish()

    def tick(self) -> None:
        """Called a few times a second by the app; drives the idle warning and its countdown."""
        self.send(ClockTicked())

    def start(self) -> None:
        self._publish(force=True)

    # --- outputs --------------------------------------------------------------------------

    @property
    def state(self):
        return self._state

    @property
    def session(self) -> Session | None:
        return self._session

    @property
    def view(self) -> ViewState:
        with self._lock:
            return self._render()

    def _render(self) -> ViewState:
        ident = self.settings.kiosk
        return render_view(self._state, ident.court_name, ident.location, self._admin)

    def _publish(self, force: bool = False) -> None:
        view = self._render()
        if force or view != self._last_view:
            self._last_view = view
            self.bridge.publish(view)

    # --- effects --------------------------------------------------------------------------

    def _run(self, effect: Any) -> None:
        self.dispatcher.run(effect)

    def _start_session(self, _effect: StartSession) -> None:
        self._end_current()
        self._session = Session(self.settings.temp_dir)
        log.info("session %s started", self._session.id)
        voice = getattr(self.services, "voice", None)
        if voice is not None:  # before the welcome (the next effect), not when home is drawn
            voice.unmute()
        for hook in self.session_hooks:
            self._hooks_executor.submit(hook.start_session)

    def _end_session(self, effect: EndSession) -> None:
        log.info("session ended (%s)", effect.reason)
        voice = getattr(self.services, "voice", None)
        if voice is not None:  # the speaker goes quiet the moment the session ends
            voice.mute()
        self._end_current()
        self._tune_voice(TuneVoice("zh", self._state.policy.mode))  # the next person starts afresh

    def _tune_voice(self, effect: TuneVoice) -> None:
        """The voice follows the session: language, the elderly speech rate, volume steps."""
        voice = getattr(self.services, "voice", None)
        if voice is None:
            return
        from kiosk.voice import rate_for_mode

        voice.set_language(effect.lang)
        voice.set_rate(rate_for_mode(self.settings.ui.voice_rate_wpm, effect.mode))
        if effect.volume_step:
            voice.set_volume(max(10, min(100, voice.volume + effect.volume_step)))
            voice.replay()  # hear the new volume at once

    def _replay_voice(self, _effect: ReplayVoice) -> None:
        voice = getattr(self.services, "voice", None)
        if voice is not None:
            self._background(voice.replay)

    def _refresh_admin(self, _effect: RefreshAdminStatus) -> None:
        self._admin = self._admin_placeholders()
        self._background(self._load_admin_status)

    def _end_current(self) -> None:
        session, self._session = self._session, None
        self._admin = AdminInfo()
        if session is not None:
            session.forget()
            self._background(session.remove_files)
            for hook in self.session_hooks:
                self._hooks_executor.submit(hook.end_session)

    def _background(self, fn: Callable, *args: Any) -> None:
        with self._jobs_lock:
            future = self._executor.submit(fn, *args)
            self._pending.add(future)
        future.add_done_callback(self._done)

    def _watch(self, fn: Callable, *args: Any) -> None:
        """Start a lasting wait; ``wait_background`` does not wait for it (it ends with the
        session or at the court's answer, not when the screen has settled)."""
        self._watch_executor.submit(fn, *args).add_done_callback(self._watch_done)

    @staticmethod
    def _watch_done(future: Future) -> None:
        _log_failure(future, "watch failed")

    def _done(self, future: Future) -> None:
        with self._jobs_lock:
            self._pending.discard(future)
        _log_failure(future, "background job failed")

    def _verify_pin(self, pin: str) -> None:
        ok = verify_pin(pin, self.settings.ui.admin_pin_hash.get_secret_value())
        log.warning("admin PIN %s", "accepted" if ok else "rejected")
        self.send(PinChecked(ok))

    # --- admin screen facts ---------------------------------------------------------------

    def _admin_placeholders(self) -> AdminInfo:
        s = self.settings
        broker = f"{s.broker.host}:{s.broker.port}" + ("（TLS）" if s.broker.tls else "（未加密）")
        config = (
            ("终端编号", s.kiosk.kiosk_id),
            ("所在法院", f"{s.kiosk.court_name}（{s.kiosk.court_code}）"),
            ("安放位置", s.kiosk.location),
            ("服务器", broker),
            ("数据目录", str(s.storage.data_dir)),
            ("空闲超时", f"{s.ui.idle_timeout_s} 秒 + 提示 {s.ui.idle_warning_s} 秒"),
            ("语音播报", "开启" if s.ui.voice else "关闭"),
        )
        devices = tuple(
            (DEVICE_LABELS.get(name, name), NOT_CONNECTED if dev.enabled else "已停用")
            for name, dev in s.devices
        )
        return AdminInfo(kiosk_id=s.kiosk.kiosk_id, config=config, devices=devices,
                         queue_depth=UNKNOWN)

    def _load_admin_status(self) -> None:
        """Ask the attached providers (devices, queue) off the UI thread; placeholders otherwise."""
        info = self._admin_placeholders()
        status_fn = getattr(self.services, "device_status", None)
        depth_fn = getattr(self.services, "queue_depth", None)
        if status_fn is not None:
            try:
                status = status_fn()
                info = replace(info, devices=tuple(
                    (DEVICE_LABELS.get(name, name),
                     status.get(name, NOT_CONNECTED) if dev.enabled else "已停用")
                    for name, dev in self.settings.devices
                ))
            except Exception:
                log.exception("device status provider failed")
        if depth_fn is not None:
            try:
                depth = depth_fn()
                info = replace(info, queue_depth=UNKNOWN if depth is None else str(depth))
            except Exception:
                log.exception("queue depth provider failed")
        info = replace(info, attention=self._attention())
        with self._lock:
            if self._state.screen == "admin":
                self._admin = info
                self._publish()

    def _attention(self) -> tuple[str, ...]:
        """Staff alerts raised by journeys and packets parked in the outbox, newest alerts first."""
        lines = [f"回执超时：{detail[:13]}…" if code == "receipt_overdue" else f"{code}：{detail}"
                 for code, detail in reversed(self.ports.alerts[-5:])]
        outbox = self.ports.outbox() if self.ports.outbox is not None else None
        if outbox is not None:
            try:
                for parked in outbox.status().parked[:5]:
                    lines.append(f"已暂停：{parked['packet_id'][:13]}… {parked.get('reason') or ''}")
            except Exception:
                log.exception("parked packets could not be listed")
        return tuple(lines)

    # --- lifecycle ------------------------------------------------------------------------

    def wait_background(self, timeout: float = 10.0) -> bool:
        """Block until background jobs are done (tests, demo, shutdown); never on the UI thread."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            with self._jobs_lock:
                pending = list(self._pending)
            if not pending:
                return True
            wait(pending, timeout=max(0.0, deadline - time.monotonic()))
        return False

    def shutdown(self) -> None:
        with self._lock:
            self._end_current()
        self._executor.shutdown(wait=True)
        self._hooks_executor.shutdown(wait=True)
        self._watch_executor.shutdown(wait=True)


def _log_failure(future: Future, what: str) -> None:
    if future.exception() is not None:
        log.error(what, exc_info=future.exception())
