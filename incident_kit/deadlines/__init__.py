"""Deadlines: the clock (:mod:`.clock`), the events that start and stop it (:mod:`.events`) and
the lifecycle table (:mod:`.table`), shared by the IK7 rules and ``incident-kit deadlines``."""
