"""Screens of the reader (help and the modal dialogs), one per module."""
