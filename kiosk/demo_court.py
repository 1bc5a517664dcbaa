"""An embedded court for the demo: a private Mosquitto and ``court-gateway run`` on loopback.

Why: without a court the demo's filings wait forever for a receipt ("court key missing"). This
starts the real court side as processes (the kiosk never imports ``court``), in a temporary
directory, set up the way court IT deploys one (docs/readme/provisioning.md): its own CA, the
generated mutual-TLS broker configuration, certificates for the gateway and this kiosk, the keys
exchanged with ``court-gateway keys export|trust``; and hands back the settings the kiosk needs.
``tls=False`` runs plain MQTT instead (the development switch, loopback only). Everything stops with the kiosk: ``with DemoCourt(...)``,
at interpreter exit (atexit), and — through the kernel's parent-death signal — even when the
kiosk is killed outright, so a demo never leaves a broker or a gateway behind.
"""

from __future__ import annotations

import atexit
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

MOSQUITTO = shutil.which("mosquitto") or "/usr/sbin/mosquitto"
GATEWAY_ID = "demo-court-gw"


class DemoCourtError(RuntimeError):
    """The embedded court could not start (the message says which part and why)."""


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _port_open(port: int) -> bool:
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=0.2):
            return True
    except OSError:
        return False


def _die_with_parent() -> None:
    """In the child before exec: SIGTERM it when the process that started it dies (Linux)."""
    try:
        import ctypes

        ctypes.CDLL("libc.so.6", use_errno=True).prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG
    except (OSError, AttributeError):
        pass


def _court_cli() -> str:
    beside = Path(sys.executable).parent / "court-gateway"
    return str(beside) if beside.exists() else (shutil.which("court-gateway") or "court-gateway")


class DemoCourt:
    """``with DemoCourt(settings) as court: settings = court.apply(settings)``.

    ``fresh_kiosk_data`` also gives the kiosk a temporary data directory, so each demo starts
    with an empty queue and leaves nothing behind (a key of an earlier court would not verify)."""

    def __init__(self, kiosk_settings, *, fresh_kiosk_data: bool = True, start_timeout_s: float = 20.0,
                 workdir: Path | None = None, tls: bool = True):
        self.kiosk_settings = kiosk_settings
        self.tls = tls
        self.workdir = workdir
        self.fresh_kiosk_data = fresh_kiosk_data
        self.start_timeout_s = start_timeout_s
        self.root: Path | None = None
        self.port: int | None = None
        self.processes: dict[str, subprocess.Popen] = {}

    # --- lifecycle ---------------------------------------------------------------------------
    def __enter__(self) -> "DemoCourt":
        return self.start()

    def __exit__(self, *exc) -> None:
        self.stop()

    def start(self) -> "DemoCourt":
        self.root = Path(tempfile.mkdtemp(prefix="kiosk-demo-court-", dir=self.workdir))
        atexit.register(self.stop)
        try:
            if self.tls:
                self._make_pki()
            self._start_broker()
            self._exchange_keys()
            self._start_gateway()
        except BaseException:
            self.stop()
            raise
        return self

    def stop(self) -> None:
        """Stop the gateway, then the broker; remove the temporary directory. Idempotent."""
        for name in ("gateway", "broker"):
            proc = self.processes.pop(name, None)
            if proc is None or proc.poll() is not None:
                continue
            try:
                os.killpg(proc.pid, signal.SIGTERM)
                proc.wait(10)
            except (ProcessLookupError, subprocess.TimeoutExpired):
                try:
                    os.killpg(proc.pid, signal.SIGKILL)
                except ProcessLookupError:
                    pass
                proc.wait(5)
        if self.root is not None:
            shutil.rmtree(self.root, ignore_errors=True)
            self.root = None
        atexit.unregister(self.stop)

    # --- what the kiosk needs ------------------------------------------------------------------
    def overrides(self) -> dict[str, dict[str, Any]]:
        """The settings sections to change in the kiosk (merged into ``apply``)."""
        if self.root is None or self.port is None:
            raise DemoCourtError("the demo court is not running")
        broker: dict[str, Any] = {"host": "127.0.0.1", "port": self.port, "tls": False, "plain_mqtt_dev": True}
        if self.tls:
            kid, pki = self.kiosk_settings.kiosk.kiosk_id, self.root / "kiosk-tls"
            broker = {"host": "127.0.0.1", "port": self.port, "tls": True, "plain_mqtt_dev": False,
                      "ca_file": pki / "ca.crt", "cert_file": pki / f"{kid}.crt", "key_file": pki / f"{kid}.key"}
        found: dict[str, dict[str, Any]] = {
            "broker": broker,
            "keys": {"court_public_key_file": self.root / "court.pub"},
        }
        if self.fresh_kiosk_data:
            found["storage"] = {"data_dir": self.root / "kiosk"}
        return found

    def apply(self, settings):
        """``settings`` with the demo court's broker and court key (and a fresh data directory)."""
        updates = {}
        for section, values in self.overrides().items():
            current = getattr(settings, section)
            known = {k: v for k, v in values.items() if k in type(current).model_fields}
            updates[section] = current.model_copy(update=known)
        return settings.model_copy(update=updates)

    def review(self, packet_id: str) -> str:
        """What the filing judge sees (``court-gateway review show``), for the demo's log."""
        try:
            return self._court("review", "show", packet_id)
        except Exception as exc:  # the demo goes on; the log says why
            return f"(review show failed: {exc})"

    # --- what court staff do, for the demo's later journeys (as tests/ui drive them) ------------
    def accept(self, packet_id: str, fee: str = "2300") -> str:
        """The filing judge accepts the filing: a case number and a fee notice go back."""
        return self._court("review", "accept", packet_id, "--fee", fee)

    def set_case(self, case_ref: str, id_number: str, name: str) -> str:
        """What a case-management system would record, so My cases has real answers."""
        return self._court("case", "set", case_ref, "--court", "豫0102", "--type", "民事一审",
                           "--cause", "民间借贷纠纷", "--status", "审理中", "--judge", "李法官",
                           "--clerk", "王书记员", "--party", f"{id_number}:plaintiff:{name}",
                           "--hearing", "2027-01-12 09:30@第三法庭", "--deadline", "2027-01-05@举证期限届满")

    def confirm_fee(self, proof_packet_id: str, reference: str) -> str:
        """The clerk matches the uploaded bank receipt to its notice and confirms the payment."""
        matched = self._court("fees", "match", proof_packet_id, reference, "--by", "刘书记员")
        return matched + self._court("fees", "confirm", reference, "--by", "刘书记员")

    def answer_request(self, packet_id: str, pdf: bytes, title: str = "张某与李某民间借贷纠纷一审民事判决书") -> str:
        """The clerk answers a 文书领取 request with the signed document itself (``documents
        answer --send``): the document to the kiosk, the answer, the SMS with the pickup code."""
        path = self.root / "requested.pdf"
        path.write_bytes(pdf)
        return self._court("documents", "answer", packet_id, "--send", str(path), "--title", title)

    def send_transcript(self, kiosk_id: str, id_number: str, case_ref: str, pdf: bytes) -> str:
        """After the mediation the court sends the transcript to sign (norms §17)."""
        path = self.root / "transcript.pdf"
        path.write_bytes(pdf)
        return self._court("transcripts", "send", str(path), "--kiosk", kiosk_id, "--for", id_number,
                           "--case-ref", case_ref)

    def approve_archive(self, packet_id: str, link: str = "https://court.example/archive/1187") -> str:
        """The archive clerk approves a 卷宗查阅 request (as tests/ui/test_archives.py does): a small
        sample archive whose pages 1-2 may be printed, the download link, a 30-minute viewing."""
        from kiosk.viewer.samples import sample_pdf

        path = self.root / "archive.pdf"
        path.write_bytes(sample_pdf("judgment", pages=3))
        return self._court("archives", "approve", packet_id, "--file", str(path), "--title", "起诉状及证据",
                           "--print", "1-2", "--link", link, "--minutes", "30")

    def accept_application(self, packet_id: str) -> str:
        """The judge decides a preservation application in the case (``review accept``, as for filings)."""
        return self._court("review", "accept", packet_id)

    def reply_message(self, packet_id: str, text: str, judge: str = "李法官") -> str:
        """The judge answers a 联系法官 message (``messages reply``): signed back, its SMS text written."""
        return self._court("messages", "reply", packet_id, "--judge", judge, "--text", text)

    def answer_petition(self, packet_id: str, text: str) -> str:
        """The petition office answers a 网上信访 petition (``petitions answer``), signed back."""
        return self._court("petitions", "answer", packet_id, "--text", text)

    def publish_samples(self) -> str:
        """The court publishes a judgment, a guide and a template (``publish ...``, as
        tests/ui/test_public_documents.py does); kiosks get the signed catalogue."""
        from kiosk.viewer.samples import write_samples

        dates = {"judgment": "2024-05-28", "guide": "2024-01-10", "template": "2024-01-12"}
        said = []
        for sample, path in write_samples(self.root / "publish"):
            args = ["publish", sample.kind, str(path), "--title", sample.title, "--date", dates[sample.kind]]
            if sample.kind == "judgment":
                args += ["--case-number", sample.meta["case_number"], "--cause", sample.meta["cause"]]
            else:
                args += ["--topic", sample.meta["topic"]]
            said.append(self._court(*args).strip())
        return "\n".join(said)

    def records(self, *args: str) -> str:
        """A court listing for the demo's log (``documents``, ``transcripts list``, ``fees list``)."""
        try:
            return self._court(*args)
        except Exception as exc:  # the demo goes on; the log says why
            return f"(court-gateway {' '.join(args)} failed: {exc})"

    def log(self, name: str) -> str:
        path = self.root / f"{name}.log" if self.root else None
        return path.read_text(errors="replace") if path and path.exists() else ""

    # --- parts --------------------------------------------------------------------------------
    def _spawn(self, name: str, argv: list[str], env: dict[str, str] | None = None) -> subprocess.Popen:
        with (self.root / f"{name}.log").open("ab") as log:
            proc = subprocess.Popen(argv, stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
                                    env=env if env is not None else dict(os.environ), cwd=self.root,
                                    start_new_session=True, preexec_fn=_die_with_parent)
        self.processes[name] = proc
        return proc

    def _wait(self, name: str, ready, what: str) -> None:
        deadline = time.monotonic() + self.start_timeout_s
        proc = self.processes[name]
        while time.monotonic() < deadline:
            if ready():
                return
            if proc.poll() is not None:
                break
            time.sleep(0.05)
        tail = "\n".join(self.log(name).splitlines()[-15:])
        raise DemoCourtError(f"demo court: {what} did not start (exit {proc.poll()}):\n{tail}")

    def _make_pki(self) -> None:
        """The court CA, the three certificates and the generated broker configuration (what
        `court-gateway ca …` and `court-gateway broker-config` write, done in-process: 50 ms, not
        the seconds of nine CLI starts)."""
        from provisioning.broker_conf import BrokerPlan, write_broker_config
        from provisioning.ca import CourtCA

        self.port = _free_port()
        kid = self.kiosk_settings.kiosk.kiosk_id
        ca = CourtCA.init(self.root / "ca", name="Demo Court CA")
        broker = ca.issue("localhost", self.root / "broker", kind="server", ips=("127.0.0.1",))
        ca.issue(GATEWAY_ID, self.root / "gateway-tls", kind="gateway")
        ca.issue(kid, self.root / "kiosk-tls", kind="kiosk")
        crl = ca.write_crl(out=self.root / "broker" / "crl.pem")
        # As root Mosquitto would switch to user mosquitto (which cannot enter a 0700 temp dir),
        # and the kernel would forget the parent-death signal.
        plan = BrokerPlan(ca_file=self.root / "broker" / "ca.crt", cert_file=broker.cert, key_file=broker.key,
                          crl_file=crl, data_dir=self.root / "broker" / "data", port=self.port,
                          bind="127.0.0.1", gateways=(GATEWAY_ID,), kiosks=1,
                          user="root" if os.geteuid() == 0 else None)
        write_broker_config(plan, self.root / "broker")

    def _start_broker(self) -> None:
        if not Path(MOSQUITTO).exists():
            raise DemoCourtError("demo court: mosquitto is not installed (scripts/setup.sh installs it)")
        if self.tls:
            self._spawn("broker", [MOSQUITTO, "-c", str(self.root / "broker" / "mosquitto.conf")])
            self._wait("broker", lambda: _port_open(self.port), f"mosquitto (mTLS) on port {self.port}")
            return
        self.port = _free_port()
        conf = self.root / "mosquitto.conf"
        conf.write_text("\n".join([
            f"listener {self.port} 127.0.0.1",
            "allow_anonymous true",  # loopback only, for the demo; production is mTLS (provisioning)
            "persistence false",
            "max_queued_messages 10000",
            "log_dest stderr",
            "log_type error", "log_type warning", "log_type notice",
            # As root it would switch to user mosquitto, and the kernel forgets the parent-death
            # signal on a change of user: the broker would outlive a killed kiosk.
            *(["user root"] if os.geteuid() == 0 else []),
        ]) + "\n")
        self._spawn("broker", [MOSQUITTO, "-c", str(conf)])
        self._wait("broker", lambda: _port_open(self.port), f"mosquitto on port {self.port}")

    def _court_env(self) -> dict[str, str]:
        env = {k: v for k, v in os.environ.items() if not k.startswith("COURT_")}
        env.update({"COURT_DATA_DIR": str(self.root / "court"), "COURT_RECEIVER_ID": GATEWAY_ID,
                    "COURT_BROKER__HOST": "127.0.0.1", "COURT_BROKER__PORT": str(self.port or 0),
                    "COURT_BROKER__KEEPALIVE_S": "5", "PYTHONUNBUFFERED": "1"})
        if self.tls:
            pki = self.root / "gateway-tls"
            env.update({"COURT_BROKER__TLS": "true", "COURT_BROKER__CA_FILE": str(pki / "ca.crt"),
                        "COURT_BROKER__CERT_FILE": str(pki / f"{GATEWAY_ID}.crt"),
                        "COURT_BROKER__KEY_FILE": str(pki / f"{GATEWAY_ID}.key")})
        else:
            env.update({"COURT_BROKER__TLS": "false", "COURT_BROKER__PLAIN_MQTT_DEV": "true"})
        return env

    def _court(self, *args: str) -> str:
        done = subprocess.run([_court_cli(), *args], env=self._court_env(), capture_output=True,
                              text=True, timeout=60, cwd=self.root)
        if done.returncode != 0:
            raise DemoCourtError(f"demo court: court-gateway {' '.join(args)} failed: "
                                 f"{(done.stderr or done.stdout).strip()}")
        return done.stdout

    def _exchange_keys(self) -> None:
        """As an operator would: the court's public key to the kiosk, the kiosk's to the court."""
        from offline_queue.crypto import public_pem
        from offline_queue.fsutil import atomic_write
        from offline_queue.service import kiosk_signing_key

        self._court("keys", "export", "--out", str(self.root / "court.pub"))
        kiosk = self.apply(self.kiosk_settings)
        atomic_write(self.root / "kiosk.pub", public_pem(kiosk_signing_key(kiosk)))
        self._court("keys", "trust", kiosk.kiosk.kiosk_id, str(self.root / "kiosk.pub"))

    def _start_gateway(self) -> None:
        self._spawn("gateway", [_court_cli(), "run"], self._court_env())
        self._wait("gateway", lambda: "subscribed to" in self.log("gateway"), "court-gateway run")


def start_if_asked(settings, wanted: bool, say=print):
    """For ``kiosk run/demo --demo-court``: (settings wired to a started court, the court), or the
    settings unchanged and None when not wanted or when it cannot start (said in one line: the
    kiosk still runs, its filings wait in the queue)."""
    if not wanted:
        return settings, None
    try:
        court = DemoCourt(settings).start()
    except (DemoCourtError, OSError, ValueError, subprocess.SubprocessError) as exc:
        say(f"demo court not started, filings will wait in the queue: {exc}")
        return settings, None
    say(f"demo court running: broker 127.0.0.1:{court.port} ({'mutual TLS' if court.tls else 'plain MQTT'}), "
        f"court-gateway {GATEWAY_ID}, files in {court.root}")
    return court.apply(settings), court
