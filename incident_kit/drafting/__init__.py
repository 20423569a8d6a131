"""Drafting: what the project writes for a CA, on top of the readers and the clocks.

``render`` (a draft model -> Bugzilla Markdown), ``to_draft`` (a read Document -> a draft, the
``parse`` command), ``promote``, ``update``, ``closure`` (the life of a report after the first one), ``appendix`` (the Appendix CSV from
certificates), ``kits`` (incident-type starter kits) and ``sandbox`` (organisation templates in a
jinja2 sandbox). Nothing below this floor imports it (tests/test_layers.py).
"""
