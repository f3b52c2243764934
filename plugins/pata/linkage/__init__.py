"""Privacy-preserving record linkage across partners (issue 20).

Names exist only inside the task that reads a file; there, each person row becomes a
Bloom-filter encoding under the programme's linkage secret (:mod:`.encoding`, keyed by
:mod:`.secret`), stored with its keyed blocking keys in the restricted ``linkage`` schema
(:mod:`.store`) in the load's transaction. Records are matched by Dice similarity within
blocks and grouped into clusters, one per person (:mod:`.matching`), kept current as files
arrive and are superseded. :mod:`.evaluate` scores it on synthetic truth.
"""
