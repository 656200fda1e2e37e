"""The read side of a table: what a participant's room shows, read once per change and shared by the table.

- state: the fast poll's signed token and each run's cached (stamp, state, round end)
- snapshot: one read of a table's rows per stamp (TableSnapshot), shared by every room at it
- seat: what one seat may see (Room: public material, the own delegation's brief and notes)
- panel: the negotiation tools' view model (statements, floor, proposals with own points, caucus, votes)
- html: the room's HTML, rendered once per variant with per-request holes
- clock: the round clock's formats and HTML, rendered once per stamp and language with the instant as a hole
- pace: the viewer's low-data mode (how often their room asks), a hole in the shared page
- polling: the cheap "has anything changed?" answer (also the facilitator's run page)
- warm: the stamp-change hook (registered in SimulationsConfig.ready()): publish the stamp, prepare the rooms
- push: "your table changed" as server-sent events (Redis pub/sub → the push process, config.asgi)
- serve: the one entry of a room through Django, ``serve_room(request, run_id, partial=...)``
- express: the round-start path in front of Django (config.wsgi, config.asgi): a seat holder's prepared room
  checked against the cache (session, viewer entry, seat) without the middleware; everything else goes to serve

It imports the domain (simulations.domain), never the other way round.
"""
