"""Pinyin candidates for names and addresses: Debian's librime through a thin ctypes binding.

Why librime: its luna-pinyin dictionary and essay frequencies are maintained upstream and
packaged (``librime1``, ``rime-data-luna-pinyin``), it composes whole phrases (``zhangsan`` →
张三) and takes initials (``zs``, ``pjs`` → 判决书), and the prebuilt data loads in well under a
second. Three things are ours:

- **Nothing learnt.** Each engine has its own temporary user directory, in which the schema is
  redeployed with ``translator/enable_user_dict: false``; the directory is wiped on ``close()``.
  One litigant's names can never rank higher for the next one.
- **Court words first.** ``court_words.tsv`` becomes librime's ``custom_phrase.txt`` (codes: the
  full pinyin and the initials), so 判决书, 起诉状, 民间借贷纠纷 outrank everyday words.
- **Only drawable candidates.** Candidates with a character the kiosk font lacks are dropped.

librime is one engine per process: one ``RimePinyin`` may be open at a time.
"""

from __future__ import annotations

import ctypes
import re
import shutil
import tempfile
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

from kiosk.inputs.glyphs import DEFAULT_FONT, GlyphCoverage

SHARED_DIR = Path("/usr/share/rime-data")
PREBUILT_DIR = SHARED_DIR / "build"
SCHEMA = "luna_pinyin_simp"
COURT_WORDS = Path(__file__).with_name("court_words.tsv")
_KEYS = re.compile(r"^[a-z']*$")
_DIGRAPHS = ("zh", "ch", "sh")

# A minimal prelude (Debian's rime-prelude is not needed): the schema imports these sections.
_DEFAULT_YAML = f"""schema_list:
  - schema: {SCHEMA}
key_binder:
  bindings: []
recognizer:
  patterns: {{}}
punctuator:
  full_shape: {{}}
  half_shape: {{}}
menu:
  page_size: 9
"""
_SYMBOLS_YAML = "punctuator:\n  full_shape: {}\n  half_shape: {}\n  symbols: {}\n"
_NO_LEARNING = "patch:\n  translator/enable_user_dict: false\n"


class PinyinEngine(Protocol):
    def candidates(self, keys: str, limit: int = 10) -> list[str]: ...

    def close(self) -> None: ...


class RimeUnavailable(RuntimeError):
    """librime or its data cannot be loaded; the kiosk has no pinyin input until it is fixed."""


@dataclass(frozen=True)
class CourtWord:
    word: str
    syllables: tuple[str, ...]
    weight: int

    def codes(self) -> list[str]:
        """Full pinyin, first letters, and first letters keeping zh/ch/sh."""
        full = "".join(self.syllables)
        initials = "".join(s[0] for s in self.syllables)
        digraphs = "".join(s[:2] if s[:2] in _DIGRAPHS else s[0] for s in self.syllables)
        return list(dict.fromkeys((full, initials, digraphs)))


def load_court_words(path: Path = COURT_WORDS) -> list[CourtWord]:
    words = []
    for number, line in enumerate(Path(path).read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip() or line.startswith("#"):
            continue
        try:
            word, syllables, weight = line.split("\t")
            words.append(CourtWord(word, tuple(syllables.split()), int(weight)))
        except ValueError as exc:
            raise ValueError(f"{path}:{number}: expected word<TAB>syllables<TAB>weight") from exc
    return words


class _Traits(ctypes.Structure):
    _fields_ = [("data_size", ctypes.c_int), ("shared_data_dir", ctypes.c_char_p),
                ("user_data_dir", ctypes.c_char_p), ("distribution_name", ctypes.c_char_p),
                ("distribution_code_name", ctypes.c_char_p),
                ("distribution_version", ctypes.c_char_p), ("app_name", ctypes.c_char_p),
                ("modules", ctypes.POINTER(ctypes.c_char_p)), ("min_log_level", ctypes.c_int),
                ("log_dir", ctypes.c_char_p), ("prebuilt_data_dir", ctypes.c_char_p),
                ("staging_dir", ctypes.c_char_p)]


class _Candidate(ctypes.Structure):
    _fields_ = [("text", ctypes.c_char_p), ("comment", ctypes.c_char_p),
                ("reserved", ctypes.c_void_p)]


class _Iterator(ctypes.Structure):
    _fields_ = [("ptr", ctypes.c_void_p), ("index", ctypes.c_int), ("candidate", _Candidate)]


_SESSION = ctypes.c_size_t
_process_lock = threading.Lock()
_state = {"libs": {}, "setup": False, "open": None}


def _librime(name: str = "librime.so.1") -> ctypes.CDLL:
    if name in _state["libs"]:
        return _state["libs"][name]
    try:
        lib = ctypes.CDLL(name)
    except OSError as exc:
        raise RimeUnavailable(f"librime not loadable ({name}): install librime1 "
                              "and rime-data-luna-pinyin") from exc
    for fn in ("RimeSetup", "RimeInitialize"):
        getattr(lib, fn).argtypes = [ctypes.POINTER(_Traits)]
    lib.RimeStartMaintenance.argtypes = [ctypes.c_int]
    lib.RimeCreateSession.restype = _SESSION
    lib.RimeDestroySession.argtypes = [_SESSION]
    lib.RimeSelectSchema.argtypes = [_SESSION, ctypes.c_char_p]
    lib.RimeClearComposition.argtypes = [_SESSION]
    lib.RimeSimulateKeySequence.argtypes = [_SESSION, ctypes.c_char_p]
    lib.RimeCandidateListBegin.argtypes = [_SESSION, ctypes.POINTER(_Iterator)]
    lib.RimeCandidateListNext.argtypes = [ctypes.POINTER(_Iterator)]
    lib.RimeCandidateListEnd.argtypes = [ctypes.POINTER(_Iterator)]
    _state["libs"][name] = lib
    return lib


class RimePinyin:
    """librime with luna_pinyin_simp, a private per-session user directory, learning off.

    ``learn=True`` exists for the test that proves the no-learning test can see learning.
    """

    def __init__(self, *, font_path: Path | str = DEFAULT_FONT, court_words: Path = COURT_WORDS,
                 shared_dir: Path = SHARED_DIR, prebuilt_dir: Path = PREBUILT_DIR,
                 learn: bool = False, library: str = "librime.so.1"):
        for needed in (shared_dir / f"{SCHEMA}.schema.yaml", prebuilt_dir):
            if not Path(needed).exists():
                raise RimeUnavailable(f"rime data missing: {needed} (install rime-data-luna-pinyin)")
        self._coverage = GlyphCoverage(font_path)
        self._lock = threading.Lock()
        lib = _librime(library)
        with _process_lock:
            if _state["open"] is not None:
                raise RimeUnavailable("librime is one engine per process: close the other first")
            self.user_dir = Path(tempfile.mkdtemp(prefix="kiosk-rime-"))
            try:
                self._write_user_files(load_court_words(court_words), learn)
                self._start(lib, shared_dir, prebuilt_dir)
            except BaseException:
                shutil.rmtree(self.user_dir, ignore_errors=True)
                raise
            _state["open"] = self
        self._lib = lib

    def _write_user_files(self, words: list[CourtWord], learn: bool) -> None:
        (self.user_dir / "default.yaml").write_text(_DEFAULT_YAML, encoding="utf-8")
        (self.user_dir / "symbols.yaml").write_text(_SYMBOLS_YAML, encoding="utf-8")
        if not learn:
            (self.user_dir / f"{SCHEMA}.custom.yaml").write_text(_NO_LEARNING, encoding="utf-8")
        lines = [f"{w.word}\t{code}\t{w.weight}" for w in words for code in w.codes()]
        (self.user_dir / "custom_phrase.txt").write_text("\n".join(lines) + "\n", encoding="utf-8")

    def _start(self, lib: ctypes.CDLL, shared_dir: Path, prebuilt_dir: Path) -> None:
        strings = {"shared_data_dir": str(shared_dir), "user_data_dir": str(self.user_dir),
                   "prebuilt_data_dir": str(prebuilt_dir),
                   "staging_dir": str(self.user_dir / "build"), "distribution_name": "kiosk",
                   "distribution_code_name": "kiosk", "distribution_version": "1",
                   "app_name": "rime.kiosk", "log_dir": ""}
        traits = _Traits()
        traits.data_size = ctypes.sizeof(_Traits) - ctypes.sizeof(ctypes.c_int)
        keep = {key: value.encode() for key, value in strings.items()}
        for key, value in keep.items():
            setattr(traits, key, value)
        traits.min_log_level = 3  # FATAL only: librime complains of the minimal prelude
        if not _state["setup"]:
            lib.RimeSetup(ctypes.byref(traits))  # once per process (it sets up logging)
            _state["setup"] = True
        lib.RimeInitialize(ctypes.byref(traits))
        lib.RimeStartMaintenance(1)
        lib.RimeJoinMaintenanceThread()
        self._session = lib.RimeCreateSession()
        if not self._session or not lib.RimeSelectSchema(self._session, SCHEMA.encode()):
            lib.RimeFinalize()
            raise RimeUnavailable(f"librime could not select the schema {SCHEMA}")

    def candidates(self, keys: str, limit: int = 10) -> list[str]:
        """Candidates for the typed letters, best first; court words ahead, undrawable dropped."""
        if not _KEYS.match(keys):
            raise ValueError(f"pinyin keys are lower-case letters: {keys!r}")
        if not keys or limit <= 0:
            return []
        with self._lock:
            if self._session is None:
                raise RimeUnavailable("the pinyin engine is closed")
            lib, session = self._lib, self._session
            lib.RimeClearComposition(session)
            lib.RimeSimulateKeySequence(session, keys.encode())
            found: list[str] = []
            iterator = _Iterator()
            if lib.RimeCandidateListBegin(session, ctypes.byref(iterator)):
                scanned = 0
                while len(found) < limit and scanned < limit * 4 + 20 \
                        and lib.RimeCandidateListNext(ctypes.byref(iterator)):
                    scanned += 1
                    text = (iterator.candidate.text or b"").decode("utf-8", "replace")
                    if text and text not in found and self._coverage.draws(text):
                        found.append(text)
                lib.RimeCandidateListEnd(ctypes.byref(iterator))
            lib.RimeClearComposition(session)
            return found

    def pick(self, keys: str, text: str) -> None:
        """Commit a choice into librime as a desktop IME would (it learns only with learn=True)."""
        with self._lock:
            if self._session is None:
                return
            shown = self._raw_menu(keys)
            if text in shown:
                keys_and_choice = f"{keys}{shown.index(text) + 1}"
                self._lib.RimeSimulateKeySequence(self._session, keys_and_choice.encode())
            self._lib.RimeClearComposition(self._session)

    def _raw_menu(self, keys: str) -> list[str]:
        """The first menu page as librime shows it (select keys 1-9)."""
        lib, session = self._lib, self._session
        lib.RimeClearComposition(session)
        lib.RimeSimulateKeySequence(session, keys.encode())
        iterator, page = _Iterator(), []
        if lib.RimeCandidateListBegin(session, ctypes.byref(iterator)):
            while len(page) < 9 and lib.RimeCandidateListNext(ctypes.byref(iterator)):
                page.append((iterator.candidate.text or b"").decode("utf-8", "replace"))
            lib.RimeCandidateListEnd(ctypes.byref(iterator))
        lib.RimeClearComposition(session)
        return page

    def close(self) -> None:
        """End the librime session and wipe the user directory (nothing carries over)."""
        with self._lock, _process_lock:
            if self._session is not None:
                self._lib.RimeDestroySession(self._session)
                self._lib.RimeFinalize()
                self._session = None
                _state["open"] = None
            shutil.rmtree(self.user_dir, ignore_errors=True)
            self._coverage.close()

    def __enter__(self) -> RimePinyin:
        return self

    def __exit__(self, *_exc) -> None:
        self.close()


class FakePinyin:
    """A fixed table, for tests of code that takes a ``PinyinEngine`` (never for production)."""

    TABLE = {"zhangsan": ["张三", "张", "章"], "zs": ["张三", "只是", "这是"],
             "zhang": ["张", "章", "长"], "san": ["三", "散", "伞"], "li": ["李", "里", "力"],
             "lisi": ["李四", "力四"], "fy": ["法院", "费用"], "pjs": ["判决书"]}

    def __init__(self, table: dict[str, list[str]] | None = None):
        self.table = dict(self.TABLE if table is None else table)
        self.closed = False

    def candidates(self, keys: str, limit: int = 10) -> list[str]:
        return list(self.table.get(keys, []))[:max(limit, 0)]

    def close(self) -> None:
        self.closed = True
