"""See a report as Bugzilla will show it: the comment rendering (:mod:`.bugzilla`), the timeline
picture with every policy clock (:mod:`.timeline`), the self-contained preview page (:mod:`.page`)
and the local editing server (:mod:`.serve`).

Nothing here is imported by ``incident-kit --help``: the commands import these modules inside their
functions, and :mod:`.bugzilla` imports ``cmarkgfm`` (the ``[web]`` extra) only when it renders.
"""
