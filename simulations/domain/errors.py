"""The refusals of the simulations domain: one family, one suffix.

Every refused action raises a subclass of ``SimulationError`` whose message is a sentence for the person who
asked (a participant or a facilitator), and changes nothing. Views catch the subclass of the layer they call.
"""


class SimulationError(Exception):
    """A refused simulation action; the message says why."""


class EngineError(SimulationError):
    """A refused transition. The message says why, in words a facilitator understands."""


class RunError(SimulationError):
    """A refused change to a run's set-up; the message says why."""


class NegotiationError(SimulationError):
    """A refused action; the message says why, in words a participant understands."""


class ConsoleError(SimulationError):
    """A refused console action; the message says why."""
