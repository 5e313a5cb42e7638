// Leader-election tests measure lease timing on a shared 2-core machine; running them beside each
// other would make the timings flaky, so this assembly runs its tests one at a time.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
