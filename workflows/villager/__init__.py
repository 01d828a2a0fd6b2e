"""The villager committee's election (村民委员会选举): the election committee, the work plan, open
nomination (海选), qualification, formal candidates, the vote notice, polling and proxies."""
