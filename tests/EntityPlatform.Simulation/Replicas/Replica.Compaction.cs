using EntityPlatform.Simulation.Checking;
using EntityPlatform.Simulation.Coverage;

namespace EntityPlatform.Simulation.Replicas;

/// <summary>Log compaction, as a host does it in the background: snapshot the state machine, then drop old entries.</summary>
public sealed partial class Replica
{
    /// <summary>
    /// Snapshots the state machine at its applied index and discards the log up to
    /// <paramref name="keepTailEntries"/> entries before it, so slightly lagging followers still get entries.
    /// </summary>
    public void Compact(int keepTailEntries)
    {
        if (Node is null)
        {
            return;
        }

        var applied = StateMachine.AppliedIndex;
        storage.TryGetSnapshot(out var stored);
        if (applied <= stored.Metadata.Index)
        {
            return;
        }

        if (applied > storage.LastIndex)
        {
            throw new SafetyViolationException("applied entries are durable", $"n{id} applied {applied} but its disk ends at {storage.LastIndex}");
        }

        storage.CreateSnapshot(applied, ConfState, StateMachine.Serialize());
        var compactIndex = applied - Math.Min(applied, (ulong)keepTailEntries);
        if (compactIndex >= storage.FirstIndex)
        {
            storage.Compact(compactIndex);
        }

        world.Marks.Hit(Mark.Compaction);
        if (world.Trace.On)
        {
            world.Trace.Write($"n{id} snapshot at {applied} ({ConfState}), log now starts at {storage.FirstIndex}");
        }
    }
}
