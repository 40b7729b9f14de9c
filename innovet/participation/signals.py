"""Signals of the participation ledger.

``participation_recorded(sender=Participation, record=Participation)`` is sent after the transaction that
recorded (or corrected) a participation commits, so receivers (badge rules) see the row and never run
for a record that was rolled back. Receivers must be quick or hand work to a huey task.
"""

from django.dispatch import Signal

participation_recorded = Signal()
