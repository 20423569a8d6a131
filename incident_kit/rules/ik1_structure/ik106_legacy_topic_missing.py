"""IK106 legacy-topic-missing."""

from __future__ import annotations

from typing import Iterator

from incident_kit import document as d
from incident_kit.document import Document
from incident_kit.irg import citations as cites
from incident_kit.irg.templates import LEGACY_TOPICS
from incident_kit.lint.rule import WARNING, Context, Hit, rule
from incident_kit.rules.ik1_structure._common import _insertion_line


@rule(
    code="IK106",
    name="legacy-topic-missing",
    severity=WARNING,
    summary="A legacy report covers each of the 7 topics.",
    citations=(cites.IRG_LEGACY, cites.IRG1),
    kinds=(d.KIND_LEGACY,),
)
def legacy_topic_missing(doc: Document, ctx: Context) -> Iterator[Hit]:
    """A report in the legacy 7-topic format leaves out one of the topics.

    Why: before IRG 2.0 the guidelines (Mozilla wiki, CCADB text of 2022-11-11 and IRG 1.0) said
    an incident report should include at least seven topics, from how the CA became aware of the
    problem to the remediation steps with dates. "Should" makes this a warning.

    Fires: once per missing topic, naming it, at the topic that follows it.

    Stays quiet: every topic present under any wording of its question, numbered or bold; topics
    answered N/A.
    """
    keys = tuple(LEGACY_TOPICS)
    for i, key in enumerate(keys):
        if doc.section(key) is None:
            yield Hit(
                f"legacy topic {LEGACY_TOPICS[key]} is missing; answer it (N/A with a reason if it "
                f"does not apply)",
                line=_insertion_line(doc, keys, i),
            )
