"""What a screen may send: the intents of the shell and of the step screens, in one place.

Screens import this module, ``kiosk.flows.view`` and ``kiosk.flows.catalog`` from the core, and
nothing else of it (an import-linter contract keeps it so).
"""

from kiosk.flows.events import (ActionTapped, FieldEdited, FieldFocused, NextTapped,  # noqa: F401
                                OptionChosen, ReplayTapped, ScrolledToEnd, SignatureDrawn)
from kiosk.flows.shell import (AdminTapped, BackTapped, EndTapped, LanguageChosen,  # noqa: F401
                               LogoutTapped, ModeToggled, MoreTimeTapped, PinSubmitted,
                               ScreenTouched, TileTapped, VolumeTapped)
from kiosk.flows.news import NewsDismissed, NewsOpened  # noqa: F401,E402
from kiosk.flows.events import PagesLost, PagesUploaded  # noqa: F401,E402
