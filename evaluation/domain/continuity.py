"""The pair-continuity index: does a pair still work together, read from both members' follow-ups.

Per pair and wave, from the members who answered:

- contact = the mean of their answers to "still in contact?" (yes 1, occasionally ½, no 0);
- joint outputs are counted once per pair: two reports are the same output when they share the evidence link,
  or (without links) the same kind and the same title, ignoring case, spaces and punctuation;
- index = ½ · contact + ½ · min(distinct outputs, 3) / 3, from 0 (no contact, nothing done) to 1.

Disagreement is shown, not averaged away: when both members answered and their contact answers differ, or an
output is reported by only one of them, the pair's row says so. With one member's answer the index rests on
that member alone (``coverage`` = 1); with none it is None.
"""

import re
from dataclasses import dataclass, field

from evaluation.enums import ContactAnswer, RequestStatus

CONTACT_VALUE = {ContactAnswer.YES: 1.0, ContactAnswer.OCCASIONALLY: 0.5, ContactAnswer.NO: 0.0}
OUTPUT_CAP = 3


def output_key(kind, title, evidence_url):
    if evidence_url:
        return ("url", evidence_url.strip().lower().rstrip("/"))
    return (kind, re.sub(r"[\W_]+", "", title.casefold()))


@dataclass
class PairContinuity:
    pair_id: int
    label: str
    answered: int  # members who answered (0, 1, 2)
    contact: float | None
    outputs: dict = field(default_factory=dict)  # key -> (kind, title, evidence_url, reporters)
    contact_disagreement: bool = False
    one_sided_outputs: int = 0
    index: float | None = None

    @property
    def output_count(self):
        return len(self.outputs)

    @property
    def disagrees(self):
        return self.contact_disagreement or self.one_sided_outputs > 0

    def outputs_by_kind(self):
        kinds = {}
        for kind, _title, _url, _who in self.outputs.values():
            kinds[kind] = kinds.get(kind, 0) + 1
        return kinds


def pair_continuity(pair_id, label, requests):
    """``requests``: this pair's follow-up requests in one wave, as dicts with status, in_contact, participant_id
    and outputs [(kind, title, evidence_url)]."""
    answered = [r for r in requests if r["status"] == RequestStatus.ANSWERED]
    result = PairContinuity(pair_id=pair_id, label=label, answered=len(answered), contact=None)
    if not answered:
        return result
    contacts = [CONTACT_VALUE[r["in_contact"]] for r in answered if r["in_contact"] in CONTACT_VALUE]
    result.contact = sum(contacts) / len(contacts) if contacts else 0.0
    result.contact_disagreement = len(answered) == 2 and len(set(contacts)) > 1
    for r in answered:
        for kind, title, url in r["outputs"]:
            key = output_key(kind, title, url)
            if key not in result.outputs:
                result.outputs[key] = (kind, title, url, set())
            result.outputs[key][3].add(r["participant_id"])
    if len(answered) == 2:
        result.one_sided_outputs = sum(1 for *_rest, who in result.outputs.values() if len(who) == 1)
    result.index = round(0.5 * result.contact + 0.5 * min(result.output_count, OUTPUT_CAP) / OUTPUT_CAP, 3)
    return result


def wave_continuity(pairs, requests):
    """[PairContinuity] for every pair of the cohort. ``pairs``: [(pair_id, label)]; ``requests``: dicts as above,
    each with pair_id."""
    by_pair = {}
    for r in requests:
        by_pair.setdefault(r["pair_id"], []).append(r)
    return [pair_continuity(pid, label, by_pair.get(pid, [])) for pid, label in pairs]


def success_cases(rows, how_many=3):
    """(strongest, weakest) pairs by index among those with at least one answer (Success Case Method)."""
    scored = sorted((r for r in rows if r.index is not None), key=lambda r: (-r.index, r.pair_id))
    strongest = scored[:how_many]
    weakest = [r for r in reversed(scored) if r not in strongest][:how_many]
    return strongest, weakest
