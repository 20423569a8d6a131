"""Sanity checks of the shipped policy data (issue 13 item 6; domain audit rows 13 and 15).

Each check states a property every clause must have, so a new clause that breaks it fails here
with its id, before any report is linted with it."""

from __future__ import annotations

from collections import Counter

from incident_kit.policy import load_policy

CLAUSES = list(load_policy().clauses.values())


def test_no_clause_claims_the_tag_every_compliance_bug_has():
    """Every CA compliance bug carries ``ca-compliance``; as a clause tag it would make every report
    concern that clause."""
    offenders = [c.id for c in CLAUSES if any(t.lower().strip("[]") == "ca-compliance" for t in c.whiteboard_tags)]
    assert offenders == []


def test_whiteboard_tags_are_bare_lower_case_words():
    for c in CLAUSES:
        for t in c.whiteboard_tags:
            assert t == t.strip().lower() and " " not in t and "[" not in t, (c.id, t)


def test_ca_misissuance_is_a_ca_certificate_tag():
    """Row 13: Mozilla's ``ca-misissuance`` is the misissuance of a CA certificate (7 days, BR
    4.9.1.2), not a subscriber certificate's (BR 4.9.1.1)."""
    kb = load_policy()
    assert "ca-misissuance" not in kb.get("BR 4.9.1.1").whiteboard_tags
    assert "ca-misissuance" in kb.get("BR 4.9.1.2").whiteboard_tags
    assert {"dv-misissuance", "ov-misissuance", "ev-misissuance"} <= set(kb.get("BR 4.3.1.2").whiteboard_tags)


def test_a_shared_deadline_id_is_one_clock_of_related_clauses():
    """Two clauses may state one rule (MRSP 5.3.2 and CCADB Policy 3.2: 7 days to disclose a
    subordinate CA); they share the deadline id so the clock is judged once. Any other reuse of an
    id is a mistake: the second clock would be silently dropped."""
    counts = Counter(d.id for c in CLAUSES for d in c.deadlines)
    for did in [i for i, n in counts.items() if n > 1]:
        owners = [(c, d) for c in CLAUSES for d in c.deadlines if d.id == did]
        shapes = {(d.start.event, d.end.event, d.minutes, d.hours, d.days, d.months) for _, d in owners}
        assert len(shapes) == 1, did
        ids = {c.id for c, _ in owners}
        for c, _ in owners:
            assert ids - {c.id} <= set(c.related) | {x.id for x in CLAUSES if c.id in x.related}, (did, c.id)


def test_concept_ids_are_unique_within_a_clause():
    for c in CLAUSES:
        ids = [x.id for x in c.must_address]
        assert len(ids) == len(set(ids)), c.id


def test_related_and_aliases_point_to_real_numbers():
    kb = load_policy()
    for c in CLAUSES:
        for r in c.related:
            assert kb.get(r) is not None, (c.id, r)
        for a in c.aliases:
            assert a.id != c.id, c.id
            assert not a.reused or a.until is not None, f"{c.id}: a reused number needs the day it changed meaning"


def test_windows_of_deadlines_concepts_and_aliases_are_well_formed():
    """Row 15: windows are applied, so each must be a real interval, and a deadline or concept
    cannot start before its clause existed."""
    for c in CLAUSES:
        windows = [(c.id, c.in_force)] + [(f"{c.id} {d.id}", d.in_force) for d in c.deadlines]
        windows += [(f"{c.id} {x.id}", x.in_force) for x in c.must_address]
        windows += [(f"{c.id} alias {a.id}", a) for a in c.aliases]
        for name, w in windows:
            if w.since and w.until:
                assert w.since < w.until, name
        for name, w in windows[1:]:
            if c.in_force.until and getattr(w, "since", None):
                assert w.since < c.in_force.until, name


def test_severity_follows_the_word_of_the_clause():
    """A deadline is an error (MUST/SHALL) unless it says it is a SHOULD reading; a warning needs
    a window or a caveat that says why."""
    for c in CLAUSES:
        for d in c.deadlines:
            assert d.severity in ("error", "warning"), (c.id, d.id)
            if d.severity == "warning":
                assert d.caveat or d.in_force.cite or "should" in d.summary.lower(), (c.id, d.id)


def test_implicit_twins_name_their_certificates():
    """An implicit clock that has a twin in the other Baseline Requirements says which certificates
    it governs, so an S/MIME report never gets the TLS list (and the reverse)."""
    implicit = {c.id: c for c in CLAUSES if c.implicit}
    for cid, c in implicit.items():
        if cid.startswith("SMIME BR "):
            assert c.certificates == "smime", cid
            twin = implicit.get(cid.removeprefix("SMIME "))
            if twin is not None:
                assert twin.certificates == "tls", twin.id
