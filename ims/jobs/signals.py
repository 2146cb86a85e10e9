"""The jobs app's domain signals: how it tells the apps built on it about its events without importing them.

The interviews app depends on jobs (an interview belongs to an application), so jobs calling into interviews
would be an import cycle. Instead jobs announces, and the app that cares connects a receiver in its
``AppConfig.ready`` (ims/interviews/receivers.py).
"""

from django.dispatch import Signal

# Sent inside the transaction that moves an application to a final status (rejected, withdrawn, selected), after
# its status and event are written and before the candidate's email, with ``application`` (row locked) and
# ``actor``. Receivers run synchronously: their writes commit or roll back with the change, and an exception in
# one aborts it.
application_closed = Signal()
