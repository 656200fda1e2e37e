"""simulations.domain.errors: one family of refusals, one suffix, importable where they were raised before."""

import inspect

from simulations.domain import bots, console, engine, errors, negotiation, runs, scenarios


def test_every_refusal_is_a_simulation_error_named_error():
    refusals = [c for _, c in inspect.getmembers(errors, inspect.isclass) if c.__module__ == errors.__name__]

    assert len(refusals) == 7
    for refusal in refusals:
        assert issubclass(refusal, errors.SimulationError) and refusal.__name__.endswith("Error")


def test_each_layer_raises_its_own_refusal_from_the_family():
    assert engine.EngineError is errors.EngineError and runs.RunError is errors.RunError
    assert negotiation.NegotiationError is errors.NegotiationError and console.ConsoleError is errors.ConsoleError
    assert bots.BotError is errors.BotError and scenarios.ScenarioFileError is errors.ScenarioFileError
