"""Planning as a team (issue 16): each organiser keeps the whole event in their own store,
and the event's shared document (a pycrdt ``Doc``, the Python binding of Yrs/Yjs) carries
what the team edits between their copies, by file or through a relay.

* :mod:`planner.team.mirror`: the document's layout and the two directions between a
  :class:`~planner.domain.model.Schedule` and the document;
* :mod:`planner.team.replica`: a shared event in one store: its document persisted in the
  store's ``team_update`` table, local edits written to the store and the document in
  one step, and merging a teammate's update (edits applied through ``Store.apply`` under
  the teammate's name, then the conflict engine);
* :mod:`planner.team.sharefile`: the file format of ``planner share export``/``merge``.

Qt-free; pycrdt is imported only here (never on the start-up path).

**Semantics of a merge** (what Yjs map semantics give, and so what every copy agrees on):

* every field of a record (a session's title, start, room, ...) is one entry of the
  record's map: concurrent edits of different fields both survive; concurrent edits of
  one field (two organisers moving one session) end with the same value everywhere,
  the one Yjs orders last (by its client ids). A move writes start and room together in
  one transaction, and the same client wins both, so a session never ends half-moved.
  The organiser whose move lost sees it listed as replaced;
* a record deleted on one side and edited on the other stays deleted: the deletion
  removes the record's map, and the concurrent edit was made inside that map (the edit
  is listed as lost). Re-creating it (undoing the deletion) makes a new map, which wins
  or loses against a concurrent re-creation by the client order;
* what a merge leaves inconsistent is repaired the same way on every copy: a session in a
  room that was removed becomes unscheduled, people who were removed leave their
  sessions, invites of removed people go, a person who became both speaker and moderator
  of a session stays speaker only;
* the event's slug and its cover image's bytes are not fields of the document: the slug
  is each store's own, the image travels once, as a blob keyed by its SHA-256.
"""
