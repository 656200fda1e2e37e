"""The refusals of the simulations domain: one family, one suffix.

Every refused action raises a subclass of ``SimulationError`` whose message is a sentence for the person who
asked (a participant, a facilitator, or whoever loads a scenario file), and changes nothing. Views and commands
catch the subclass of the layer they call.
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


class BotError(SimulationError):
    """Scripted delegations that cannot play as asked (e.g. a delegation the scenario does not have)."""


class ScenarioFileError(SimulationError):
    """A scenario file that cannot be loaded; ``errors`` lists every problem, one line each."""

    def __init__(self, source, errors):
        self.source = source
        self.errors = list(errors)
        super().__init__("\n".join(self.errors))
