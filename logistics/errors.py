"""Refusals of the logistics domain: the message is shown to the user as it is."""


class LogisticsRefused(Exception):
    def __init__(self, message):
        super().__init__(message)
        self.message = message
