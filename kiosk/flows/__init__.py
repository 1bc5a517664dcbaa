"""Pure state machines (no Kivy, no I/O): navigation and, later, one flow per service."""
