"""The village Party organisation's election (“两推一选”): members, candidates, review, meeting."""
