"""Laying out one day of the draft as a time grid: a column per room, a row per 15 minutes.

The positions are given to the template as numbers (data attributes); static/js/programme.js turns them into
CSS custom properties, so the Content-Security-Policy's ban on style attributes holds. Without JavaScript, or on
a narrow screen, the same markup shows as one list per room in time order.
"""

import datetime
import math
from dataclasses import dataclass, field

SLOT_MINUTES = 15
DEFAULT_FIRST_HOUR, DEFAULT_LAST_HOUR = 8, 18
HEADER_ROWS = 1


@dataclass
class Card:
    session: object
    warnings: list
    move_form: object
    row: int
    span: int
    lane: int = 0  # overlapping sessions in one room (a double booking) sit side by side
    column: int = 0


@dataclass
class Column:
    room: object
    cards: list = field(default_factory=list)
    index: int = 0  # first grid column of this room
    lanes: int = 1


@dataclass
class DayGrid:
    columns: list
    hours: list  # [(row, "09:00"), ...]
    rows: int
    grid_columns: int


def build_day_grid(course, day, sessions, rooms, warnings_for, move_form_for):
    zone = course.tzinfo
    local = [(s, s.starts_at.astimezone(zone), s.ends_at.astimezone(zone)) for s in sessions]
    first_hour = min([DEFAULT_FIRST_HOUR] + [start.hour for _, start, _ in local])
    last_hour = max([DEFAULT_LAST_HOUR] + [_ceil_hour(end, day) for _, _, end in local])
    origin = datetime.datetime.combine(day, datetime.time(first_hour), tzinfo=zone)

    columns = [Column(room) for room in rooms]
    no_room = Column(None)
    by_room = {c.room.pk: c for c in columns}
    for session, start, end in sorted(local, key=lambda item: item[1]):
        column = by_room.get(session.room_id, no_room)
        # Rows count wall-clock slots, so a day with a clock change still reads naturally.
        row = HEADER_ROWS + 1 + max(0, _minutes(origin, start) // SLOT_MINUTES)
        span = max(1, math.ceil((end - start).total_seconds() / 60 / SLOT_MINUTES))
        column.cards.append(Card(session, warnings_for(session), move_form_for(session), row, span))
    if no_room.cards:
        columns.append(no_room)
    next_index = 2  # grid column 1 holds the hour labels
    for column in columns:
        column.lanes = _assign_lanes(column.cards)
        column.index = next_index
        for card in column.cards:
            card.column = column.index + card.lane
        next_index += column.lanes
    rows = (last_hour - first_hour) * 60 // SLOT_MINUTES
    hours = [
        (HEADER_ROWS + 1 + h * 60 // SLOT_MINUTES, f"{first_hour + h:02d}:00") for h in range(last_hour - first_hour)
    ]
    return DayGrid(columns=columns, hours=hours, rows=rows, grid_columns=next_index - 2)


def _assign_lanes(cards):
    """First free lane for each card in start order; returns how many lanes the room needs."""
    lane_ends = []
    for card in cards:
        for lane, last_row in enumerate(lane_ends):
            if last_row <= card.row:
                card.lane, lane_ends[lane] = lane, card.row + card.span
                break
        else:
            card.lane = len(lane_ends)
            lane_ends.append(card.row + card.span)
    return max(1, len(lane_ends))


def _minutes(origin, local_dt):
    wall = local_dt.replace(tzinfo=None) - origin.replace(tzinfo=None)
    return int(wall.total_seconds() // 60)


def _ceil_hour(end, day):
    if end.date() > day:
        return 24
    return end.hour + (1 if end.minute or end.second else 0)
