"""The video booth's camera, microphone and speaker (norms §15(1): the cooperating court tests its
video equipment before a remote mediation or hearing).

``create(cfg)``: ``kind = "linux"`` → ``LinuxAv`` probing V4L2 (``/dev/video*``) and ALSA
(``/proc/asound/pcm`` + ``/dev/snd``), ``options.root`` to probe another tree; ``kind = "sim"``
→ ``AvSimulator`` (``options``: ``camera``, ``microphone``, ``speaker`` booleans, ``unplug(name)``).
"""

from __future__ import annotations

from drivers.av.port import AV_PARTS, AvDevices, AvReport, PartCheck

__all__ = ["AV_PARTS", "AvDevices", "AvReport", "PartCheck", "create"]


def create(cfg) -> AvDevices:
    options = dict(cfg.options)
    if cfg.kind == "linux":
        from drivers.av.linux import LinuxAv

        return LinuxAv(root=options.get("root", "/"))
    if cfg.kind in ("sim", "fake"):
        from drivers.av.sim import AvSimulator

        return AvSimulator(**{k: bool(options[k]) for k in AV_PARTS if k in options})
    raise ValueError(f'devices.av.kind = "{cfg.kind}": expected "linux" or "sim"')
