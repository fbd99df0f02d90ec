"""Everything Qt: the window, the timeline, the dialogs."""
