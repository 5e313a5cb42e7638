using EntityPlatform.Simulation.Coverage;
using EntityPlatform.Simulation.Scenario;

namespace EntityPlatform.Simulation.Running;

/// <summary>Faults drawn once per tick: process crashes and restarts, link cuts, and background compaction.</summary>
public sealed partial class Simulator
{
    private void InjectFaults()
    {
        if (faultRandom.Chance(parameters.CrashPerTick) && PickUpReplica() is { } victim)
        {
            victim.Crash(Mark.Crash, DownTicks());
        }

        if (faultRandom.Chance(parameters.PartitionPerTick))
        {
            Partition();
        }

        if (faultRandom.Chance(parameters.CompactionPerTick) && PickUpReplica() is { } compacting)
        {
            compacting.Compact(faultRandom.Between(0, parameters.KeepTailEntriesMax));
        }
    }

    private int DownTicks() => faultRandom.Between(1, parameters.DownTicksMax);

    private void RestartDue()
    {
        foreach (var replica in replicas.AsSpan(1))
        {
            if (!replica.IsUp && replica.RestartAtTick <= world.NowTicks)
            {
                replica.Start();
                world.Marks.Hit(Mark.Restart);
            }
        }
    }

    /// <summary>Cuts one direction of one link, or every link between two random sides, until a random tick.</summary>
    private void Partition()
    {
        var untilTick = world.NowTicks + faultRandom.Between(1, parameters.PartitionTicksMax);
        var links = world.Network.Links;
        var count = parameters.NodeCount;
        if (count < 2)
        {
            return;
        }

        if (faultRandom.Chance(parameters.OneWayPartitionFraction))
        {
            var from = (ulong)faultRandom.Between(1, count);
            var to = (ulong)faultRandom.Between(1, count - 1);
            to = to >= from ? to + 1 : to;
            links.Cut(from, to, untilTick);
            world.Marks.Hit(Mark.PartitionOneWay);
            Note($"partition: cut n{from} -> n{to} until tick {untilTick}");
            return;
        }

        var side = new bool[count + 1];
        for (var id = 1; id <= count; id++)
        {
            side[id] = faultRandom.Chance(0.5);
        }

        for (var from = 1; from <= count; from++)
        {
            for (var to = 1; to <= count; to++)
            {
                if (side[from] != side[to])
                {
                    links.Cut((ulong)from, (ulong)to, untilTick);
                }
            }
        }

        world.Marks.Hit(Mark.PartitionSymmetric);
        Note($"partition: ({string.Join(' ', Enumerable.Range(1, count).Where(id => side[id]))}) | ({string.Join(' ', Enumerable.Range(1, count).Where(id => !side[id]))}) until tick {untilTick}");
    }

    private Replicas.Replica? PickUpReplica()
    {
        var replica = replicas[1 + faultRandom.Next(parameters.NodeCount)];
        return replica.IsUp ? replica : null;
    }
}
