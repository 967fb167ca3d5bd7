"""The modal dialogs the main screens open (help, prompts, alternatives, dictionary, saved words …), one per module."""
