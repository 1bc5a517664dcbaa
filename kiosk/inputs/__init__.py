"""Input logic for the on-screen widgets: pinyin and handwriting engines, keypad validators,
signatures. Pure Python and ctypes; no Kivy here, so all of it is tested without a window.

Screens may import the validators and types from here; the engines are built by the composition
root and handed to the widgets as callables.
"""
