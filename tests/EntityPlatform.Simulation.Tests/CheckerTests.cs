using EntityPlatform.Consensus.Log;
using EntityPlatform.Consensus.Messages;
using EntityPlatform.Simulation.Checking;
using EntityPlatform.Simulation.Replicas;

namespace EntityPlatform.Simulation.Tests;

/// <summary>A checker that cannot fail proves nothing: each one is fed a fabricated violation here.</summary>
public sealed class CheckerTests
{
    private readonly SafetyChecker checker = new(KvStateMachine.KeyCount);

    [Fact]
    public void Two_leaders_in_one_term_are_caught()
    {
        checker.Leaders.OnLeader(term: 5, nodeId: 1);
        checker.Leaders.OnLeader(term: 5, nodeId: 1);
        checker.Leaders.OnLeader(term: 6, nodeId: 2);
        var error = Assert.Throws<SafetyViolationException>(() => checker.Leaders.OnLeader(term: 5, nodeId: 3));
        Assert.Equal("one leader per term", error.Property);
    }

    [Fact]
    public void Divergent_applied_sequences_are_caught()
    {
        checker.OnApplied(nodeId: 1, previousApplied: 1, Write(term: 2, index: 2, key: 0, writeId: 10));
        checker.OnApplied(nodeId: 2, previousApplied: 1, Write(term: 2, index: 2, key: 0, writeId: 10));
        var error = Assert.Throws<SafetyViolationException>(() =>
            checker.OnApplied(nodeId: 3, previousApplied: 1, Write(term: 3, index: 2, key: 0, writeId: 11)));
        Assert.Equal("one committed sequence", error.Property);
    }

    [Fact]
    public void An_applied_gap_is_caught()
    {
        var error = Assert.Throws<SafetyViolationException>(() =>
            checker.OnApplied(nodeId: 1, previousApplied: 1, Write(term: 2, index: 3, key: 0, writeId: 10)));
        Assert.Equal("applied sequence is a prefix", error.Property);
    }

    [Fact]
    public void Divergent_states_at_one_index_are_caught()
    {
        checker.OnStateAt(nodeId: 1, index: 7, digest: 0xAAAA);
        var error = Assert.Throws<SafetyViolationException>(() => checker.OnStateAt(nodeId: 2, index: 7, digest: 0xBBBB));
        Assert.Equal("applied sequence is a prefix", error.Property);
    }

    [Fact]
    public void A_lost_acknowledged_write_is_caught()
    {
        var entry = Write(term: 2, index: 2, key: 3, writeId: 10);
        checker.OnApplied(nodeId: 1, previousApplied: 1, entry);
        checker.OnWriteAcked(new AckedWrite(Index: 2, Term: 2, Key: 3, WriteId: 10, Proposer: 1), entry);
        var error = Assert.Throws<SafetyViolationException>(() =>
            checker.OnApplied(nodeId: 2, previousApplied: 1, Write(term: 3, index: 2, key: 3, writeId: 99)));
        Assert.Equal("no acknowledged write is lost", error.Property);
    }

    [Fact]
    public void Acknowledging_a_write_the_committed_sequence_lacks_is_caught()
    {
        checker.OnApplied(nodeId: 1, previousApplied: 1, Write(term: 2, index: 2, key: 3, writeId: 10));
        var mine = Write(term: 2, index: 2, key: 3, writeId: 11);
        var error = Assert.Throws<SafetyViolationException>(() =>
            checker.OnWriteAcked(new AckedWrite(Index: 2, Term: 2, Key: 3, WriteId: 11, Proposer: 2), mine));
        Assert.Equal("no acknowledged write is lost", error.Property);
    }

    [Fact]
    public void A_stale_read_is_caught()
    {
        var entry = Write(term: 2, index: 10, key: 4, writeId: 10);
        checker.Ledger.RecordEntry(1, entry);
        checker.OnWriteAcked(new AckedWrite(Index: 10, Term: 2, Key: 4, WriteId: 10, Proposer: 1), entry);
        var ticket = checker.Reads.Begin(context: 1, key: 4);
        var error = Assert.Throws<SafetyViolationException>(() =>
            checker.Reads.Complete(ticket, nodeId: 2, readIndex: 9, appliedIndex: 9, keyWriteIndex: 3));
        Assert.Equal("reads are linearizable", error.Property);
    }

    [Fact]
    public void A_read_older_than_an_earlier_read_is_caught()
    {
        var first = checker.Reads.Begin(context: 1, key: 0);
        checker.Reads.Complete(first, nodeId: 1, readIndex: 20, appliedIndex: 25, keyWriteIndex: 24);
        var second = checker.Reads.Begin(context: 2, key: 0);
        Assert.Throws<SafetyViolationException>(() =>
            checker.Reads.Complete(second, nodeId: 2, readIndex: 22, appliedIndex: 22, keyWriteIndex: 5));
    }

    [Fact]
    public void A_fresh_read_passes()
    {
        var ticket = checker.Reads.Begin(context: 1, key: 0);
        checker.Reads.Complete(ticket, nodeId: 1, readIndex: 0, appliedIndex: 0, keyWriteIndex: 0);
    }

    [Fact]
    public void Log_matching_catches_same_index_and_term_with_different_data()
    {
        checker.LogMatching.OnPersisted(1, Write(term: 2, index: 5, key: 0, writeId: 1), previousTerm: 2);
        var error = Assert.Throws<SafetyViolationException>(() =>
            checker.LogMatching.OnPersisted(2, Write(term: 2, index: 5, key: 0, writeId: 2), previousTerm: 2));
        Assert.Equal("log matching", error.Property);
        Assert.Throws<SafetyViolationException>(() =>
            checker.LogMatching.OnPersisted(3, Write(term: 2, index: 5, key: 0, writeId: 1), previousTerm: 1));
    }

    [Fact]
    public void A_leader_missing_a_committed_entry_is_caught()
    {
        checker.Ledger.RecordEntry(1, Write(term: 2, index: 2, key: 0, writeId: 1));
        checker.Ledger.RecordEntry(1, Write(term: 2, index: 3, key: 0, writeId: 2));
        var storage = Replica.FoundingStorage(ConfState.OfVoters(1, 2, 3));
        storage.Append([Write(term: 2, index: 2, key: 0, writeId: 1)]);
        var error = Assert.Throws<SafetyViolationException>(() => checker.OnLeaderLog(nodeId: 2, term: 3, storage));
        Assert.Equal("leader completeness", error.Property);
        storage.Append([Write(term: 2, index: 3, key: 0, writeId: 2)]);
        checker.OnLeaderLog(nodeId: 2, term: 3, storage);
    }

    [Fact]
    public void A_persisted_commit_beyond_the_log_is_caught()
    {
        var storage = new MemoryRaftLogStorage();
        storage.Append([Write(term: 1, index: 1, key: 0, writeId: 1)]);
        checker.OnCommitPersisted(nodeId: 1, commit: 1, storage);
        Assert.Throws<SafetyViolationException>(() => checker.OnCommitPersisted(nodeId: 1, commit: 2, storage));
    }

    private static Entry Write(ulong term, ulong index, int key, ulong writeId) =>
        new(term, index, EntryType.Normal, WritePayload.Encode(key, writeId));
}
