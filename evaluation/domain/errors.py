class EvaluationError(Exception):
    """A refused request, with a reason a person can read."""


class AnswerRefused(EvaluationError):
    pass


class FollowUpRefused(EvaluationError):
    pass
