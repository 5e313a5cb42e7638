using EntityPlatform.Consensus.Messages;
using EntityPlatform.Consensus.Raft;
using EntityPlatform.Simulation.Checking;
using EntityPlatform.Simulation.Coverage;
using EntityPlatform.Simulation.Scenario;

namespace EntityPlatform.Simulation.Replicas;

/// <summary>
/// The host's side of the Ready contract, in Ready.cs's order: persist (snapshot, entries, hard state),
/// send, apply, Advance. A crash can cut the sequence between any two phases; what was not persisted
/// by then is lost, exactly as on a real disk.
/// </summary>
public sealed partial class Replica
{
    /// <summary>Handles one Ready; returns false when the process crashed inside it.</summary>
    public bool HandleReady(CrashPoint crash, int tornEntryCount, int downTicks)
    {
        var node = Node!;
        var ready = node.GetReady();
        TraceReady(ready);
        if (world.Parameters.Sabotage == HostSabotage.SendBeforePersist && crash is CrashPoint.BeforePersist or CrashPoint.TornPersist)
        {
            SendAll(ready.Messages);
        }

        if (crash == CrashPoint.BeforePersist)
        {
            Crash(Mark.CrashBeforePersist, downTicks);
            return false;
        }

        if (crash == CrashPoint.TornPersist)
        {
            PersistSnapshot(ready.Snapshot);
            var kept = ready.Entries.AsSpan(0, ready.Entries.Length == 0 ? 0 : tornEntryCount % ready.Entries.Length).ToArray();
            storage.Append(kept);
            world.Checker.OnEntriesPersisted(id, kept, storage);
            Crash(Mark.CrashTornWrite, downTicks);
            return false;
        }

        Persist(ready);
        if (ready.SoftState is { } soft)
        {
            OnSoftState(soft, node.Term);
        }

        if (crash == CrashPoint.AfterPersist)
        {
            Crash(Mark.CrashAfterPersist, downTicks);
            return false;
        }

        var snapshotIsStale = SendAll(ready.Messages);

        if (crash == CrashPoint.AfterSend)
        {
            Crash(Mark.CrashAfterSend, downTicks);
            return false;
        }

        ApplyCommitted(node, ready.CommittedEntries);
        world.Workload.OnReadStates(this, ready.ReadStates);
        if (crash == CrashPoint.AfterApply)
        {
            Crash(Mark.CrashAfterApply, downTicks);
            return false;
        }

        node.Advance();
        if (snapshotIsStale)
        {
            // The stored snapshot predates the recipient's membership, so it would refuse it; a host makes a
            // fresh one (without compacting), which the core's snapshot retry then sends.
            Compact(keepTailEntries: int.MaxValue);
        }

        return true;
    }

    /// <summary>Sends every message; true when a snapshot went to a replica its membership does not include.</summary>
    private bool SendAll(IReadOnlyList<Message> messages)
    {
        var snapshotIsStale = false;
        foreach (var message in messages)
        {
            Invariant.Assert(message.From == id, $"n{id} sends a message from n{message.From}");
            world.Network.Send(message, Incarnation, world.NowUnits);
            snapshotIsStale |= message.Snapshot is { } sent && !sent.Metadata.ConfState.AllMembers.Contains(message.To);
        }

        return snapshotIsStale;
    }

    private void Persist(Ready ready)
    {
        PersistSnapshot(ready.Snapshot);
        if (ready.Entries.Length > 0)
        {
            storage.Append(ready.Entries);
            world.Checker.OnEntriesPersisted(id, ready.Entries, storage);
        }

        if (ready.HardState is { } hardState)
        {
            var previous = storage.HardState;
            if (hardState.Term < previous.Term || (hardState.Term == previous.Term && previous.Vote != 0 && hardState.Vote != previous.Vote))
            {
                throw new SafetyViolationException("one vote per term", $"n{id} persisted {hardState} over {previous}");
            }

            storage.SetHardState(hardState);
            world.Checker.OnCommitPersisted(id, hardState.Commit, storage);
        }
    }

    private void PersistSnapshot(Snapshot? snapshot)
    {
        if (snapshot is null)
        {
            return;
        }

        var machine = KvStateMachine.Deserialize(snapshot.Data.Span);
        if (machine is null || machine.AppliedIndex != snapshot.Metadata.Index)
        {
            throw new SafetyViolationException("snapshot holds its state", $"n{id} got {snapshot} whose data is not the state at its index");
        }

        storage.ApplySnapshot(snapshot);
        StateMachine = machine;
        ConfState = snapshot.Metadata.ConfState;
        world.Checker.OnSnapshotPersisted(id, snapshot.Metadata);
        world.Checker.OnStateAt(id, machine.AppliedIndex, machine.Digest());
        world.Workload.OnSnapshotInstalled(id, snapshot.Metadata.Index);
        world.Marks.Hit(Mark.SnapshotInstalled);
    }

    private void OnSoftState(SoftState soft, ulong term)
    {
        if (soft.Role == StateRole.Leader)
        {
            world.Checker.Leaders.OnLeader(term, id);
            world.Checker.OnLeaderLog(id, term, storage);
            world.Marks.Hit(Mark.ElectionWon);
        }

        if (world.Trace.On)
        {
            world.Trace.Write($"n{id} becomes {soft.Role} term={term} lead={soft.Leader}");
        }
    }

    private void TraceReady(Ready ready)
    {
        if (!world.Trace.On)
        {
            return;
        }

        var parts = new List<string>();
        if (ready.HardState is { } hardState) parts.Add($"hard=({hardState})");
        if (ready.Snapshot is { } snapshot) parts.Add($"snap=({snapshot.Metadata})");
        if (ready.Entries.Length > 0) parts.Add($"entries=[{string.Join(", ", ready.Entries)}]");
        if (ready.CommittedEntries.Length > 0) parts.Add($"committed={ready.CommittedEntries[0].Index}..{ready.CommittedEntries[^1].Index}");
        if (ready.Messages.Count > 0) parts.Add($"msgs={ready.Messages.Count}");
        if (ready.ReadStates.Count > 0) parts.Add($"reads=[{string.Join(", ", ready.ReadStates)}]");
        world.Trace.Write($"n{id} ready {string.Join(' ', parts)}");
    }
}
