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


class Recorder:
    """Stands in for a Kivy instruction to see what it is told (no window is made here: one
    made by the first widget would take the size and theme other tests expect)."""

    def __init__(self, **fields):
        object.__setattr__(self, "told", {})
        for name, value in fields.items():
            object.__setattr__(self, name, value)

    def __setattr__(self, name, value):
        self.told[name] = value
        object.__setattr__(self, name, value)


def panel(border_width=0, border_colour=(0, 0, 0, 0)):
    return Recorder(bg=[1, 1, 1, 1], pos=(0, 0), size=(300, 100), radius=10, x=0, y=0, width=300,
                    height=100, border_width=border_width, border_colour=border_colour,
                    _colour=Recorder(), _rect=Recorder(), _line_colour=Recorder(), _line=Recorder())


def test_a_panel_without_a_border_draws_no_line():
    from screens.widgets import Panel

    plain, framed, clear = panel(), panel(3, (0, 0, 0, 1)), panel(3, (0, 0, 0, 0))
    for p in (plain, framed, clear):
        Panel._redraw(p)
    assert plain._line.told == {"points": []}, "an invisible line still costs ~0.85 ms a frame on llvmpipe"
    assert "rounded_rectangle" in framed._line.told and framed._line.told["width"] == 1.5
    assert clear._line.told == {"points": []}, "a transparent border is no border"
