"""Kinds of managed things (associations and relations; objects, folders and fields).

Each kind is one :class:`~ghlsync.kinds.protocol.ManagedKind`; ``registry.KINDS`` lists them.
The engine, the gates, the quota estimate, the plan file and the renderers iterate that list
instead of naming kinds (docs/design.md, "Kinds").
"""
