"""How prose is read, for every layer: normalisation, sentences and clauses, the one negation,
concepts (lexicons) and timestamps. Standard library only; imports nothing above it."""
