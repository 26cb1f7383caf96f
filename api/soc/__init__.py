"""The link by which the information security operations centre (SOC) posts alerts.

It sits with the interfaces because it joins two rooms of the identity floor:
it authenticates the sender with what `security` keeps (senders, seen
signatures) and files each alert through `incidents`. Keeping it out of
`security` means that `security` imports nothing of `incidents`.
"""
