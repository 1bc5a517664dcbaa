"""Effects run here: one dispatcher (a table from effect type to handler) over typed ports.

Handlers run in worker threads and answer with events through ``send``, so every result passes
through ``transition`` like a tap does. Nothing here touches Kivy.
"""
