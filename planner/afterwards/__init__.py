"""After (and around) the event: attendance and feedback imports, reminders for speakers
and moderators. No widgets: the command line and the window share these."""
