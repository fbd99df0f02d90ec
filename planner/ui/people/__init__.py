"""The People tab and its dialogs, one module each:

- :mod:`~planner.ui.people.model`: the table model and its filter;
- :mod:`~planner.ui.people.view`: the People tab (:class:`PeopleView`);
- :mod:`~planner.ui.people.person_dialog`: add or edit one person;
- :mod:`~planner.ui.people.week_grid`: the availability week grid of that dialog;
- :mod:`~planner.ui.people.import_dialog`: File > Import people;
- :mod:`~planner.ui.people.qr_sheet`: File > Export QR sheet (invite links on paper).

The package is loaded when the People tab is first shown, or a dialog first opened.
"""
