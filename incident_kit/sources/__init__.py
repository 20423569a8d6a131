"""Where reports come in from, other than a file on disk.

Each source turns something outside the project (today: a Mozilla Bugzilla bug read through its REST
API) into the project's own objects, so that the reader, the rules and the reporters never know where
the text came from. Sources import the network and cache machinery only when they are used.
"""
