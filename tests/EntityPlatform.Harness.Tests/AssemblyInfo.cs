// The harness tests run real clusters (and one sets a process-wide environment switch while starting
// one); on a 2-core machine they run one at a time.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
