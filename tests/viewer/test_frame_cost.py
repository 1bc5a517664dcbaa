"""What a frame costs on software GL (issue 11: a page turn is one frame): no MSAA when Mesa
rasterises in software, no invisible border lines."""

from __future__ import annotations

import pytest

from kiosk.app import multisamples


@pytest.fixture
def clean_env(monkeypatch):
    for name in ("LIBGL_ALWAYS_SOFTWARE", "GALLIUM_DRIVER", "KCFG_GRAPHICS_MULTISAMPLES"):
        monkeypatch.delenv(name, raising=False)
    return monkeypatch


def test_no_msaa_without_a_gpu_and_kivys_default_with_one(clean_env, tmp_path):
    none = tmp_path / "no-dri"
    gpu = tmp_path / "dri"
    gpu.mkdir()
    (gpu / "renderD128").touch()
    assert multisamples(none) == "0", "llvmpipe would shade every pixel four times"
    assert multisamples(gpu) == "2"
    clean_env.setenv("LIBGL_ALWAYS_SOFTWARE", "1")
    assert multisamples(gpu) == "0", "Mesa told to stay in software, even with a GPU present"
    clean_env.setenv("KCFG_GRAPHICS_MULTISAMPLES", "4")
    assert multisamples(gpu) == "4", "an explicit Kivy setting still decides"


class LineRecorder:
    """Stands in for the Panel's Kivy ``Line`` to see what it is told to draw."""

    def __init__(self):
        self.told = {}

    def __setattr__(self, name, value):
        if name != "told":
            self.told[name] = value
        object.__setattr__(self, name, value)


def test_a_panel_without_a_border_draws_no_line():
    from screens.widgets import Panel

    plain = Panel(bg=(1, 1, 1, 1), radius=10, size=(300, 100))
    framed = Panel(bg=(1, 1, 1, 1), radius=10, size=(300, 100), border_colour=(0, 0, 0, 1), border_width=3)
    for panel in (plain, framed):
        panel._line = LineRecorder()
        panel._redraw()
    assert plain._line.told == {"points": []}, "an invisible line still costs ~0.85 ms a frame on llvmpipe"
    assert "rounded_rectangle" in framed._line.told and framed._line.told["width"] == 1.5
    framed._line = LineRecorder()
    framed.border_colour = (0, 0, 0, 0)  # a transparent border is no border
    assert framed._line.told == {"points": []}
