// Each test runs a cluster of node processes; on a 2-core machine two clusters at once starve each
// other's elections, so the tests of this assembly run one at a time.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
