"""Review: stored asset records, the review state machine and the queue."""
