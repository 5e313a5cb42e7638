using EntityPlatform.Consensus.Log;
using EntityPlatform.Consensus.Messages;
using EntityPlatform.Storage.Engine;

namespace EntityPlatform.Storage.Tests.Support;

/// <summary>
/// Draws random but valid batches (appends with overwrites, hard states, local snapshots, compactions,
/// installs, bootstraps) and mirrors each committed batch into the MemoryRaftLogStorage reference.
/// </summary>
public sealed class RandomWorkload(Random random, int groupCount)
{
    private readonly List<Action<Dictionary<ulong, MemoryRaftLogStorage>>> pending = [];
    private readonly Dictionary<ulong, ConfState> bootstraps = [];
    private readonly Dictionary<ulong, List<Action<MemoryRaftLogStorage>>> history = [];

    public Dictionary<ulong, MemoryRaftLogStorage> Model { get; } = [];

    /// <summary>Fills a batch with 1..maxOperations random operations, remembering them for <see cref="Acknowledge"/>.</summary>
    public WriteBatch Next(LogEngine engine, int maxOperations)
    {
        pending.Clear();
        var batch = engine.NewBatch();
        var shadow = new Dictionary<ulong, MemoryRaftLogStorage>();
        var operations = random.Next(1, maxOperations + 1);
        for (var k = 0; k < operations; k++)
        {
            var groupId = (ulong)random.Next(1, groupCount + 1);
            if (!shadow.TryGetValue(groupId, out var storage))
            {
                storage = Model.ContainsKey(groupId) ? Copy(groupId) : null!;
            }

            if (storage is null)
            {
                var conf = ConfState.OfVoters(1, 2, groupId + 2);
                batch.Bootstrap(groupId, conf);
                shadow[groupId] = new MemoryRaftLogStorage(conf);
                pending.Add(model =>
                {
                    model[groupId] = new MemoryRaftLogStorage(conf);
                    bootstraps[groupId] = conf;
                    history[groupId] = [];
                });
                continue;
            }

            shadow[groupId] = storage;
            AddOperation(batch, groupId, storage);
        }

        return batch;
    }

    /// <summary>Applies the last batch to the reference (call after its commit returned).</summary>
    public void Acknowledge()
    {
        foreach (var action in pending)
        {
            action(Model);
        }

        pending.Clear();
    }

    private void AddOperation(WriteBatch batch, ulong groupId, MemoryRaftLogStorage storage)
    {
        storage.TryGetSnapshot(out var snapshot);
        var choice = random.Next(100);
        if (choice < 55)
        {
            var entries = Entries(storage);
            batch.Append(groupId, entries);
            storage.Append(entries);
            Record(groupId, s => s.Append(entries));
        }
        else if (choice < 70)
        {
            var hardState = new HardState((ulong)random.Next(1, 50), (ulong)random.Next(0, 4), storage.LastIndex);
            batch.SetHardState(groupId, hardState);
            storage.SetHardState(hardState);
            Record(groupId, s => s.SetHardState(hardState));
        }
        else if (choice < 82 && storage.LastIndex > snapshot.Metadata.Index)
        {
            var index = snapshot.Metadata.Index + 1 + (ulong)random.Next((int)(storage.LastIndex - snapshot.Metadata.Index));
            var conf = ConfState.OfVoters(1, 2, (ulong)random.Next(3, 9));
            batch.CreateSnapshot(groupId, index, conf);
            storage.CreateSnapshot(index, conf, default);
            Record(groupId, s => s.CreateSnapshot(index, conf, default));
        }
        else if (choice < 94 && Math.Min(snapshot.Metadata.Index, storage.LastIndex) >= storage.FirstIndex)
        {
            var upper = Math.Min(snapshot.Metadata.Index, storage.LastIndex);
            var index = storage.FirstIndex + (ulong)random.Next((int)(upper - storage.FirstIndex + 1));
            batch.Compact(groupId, index);
            storage.Compact(index);
            Record(groupId, s => s.Compact(index));
        }
        else
        {
            var index = Math.Max(storage.LastIndex, snapshot.Metadata.Index) + (ulong)random.Next(1, 20);
            var metadata = new SnapshotMetadata(index, (ulong)random.Next(1, 60), ConfState.OfVoters(1, 2, 3));
            batch.InstallSnapshot(groupId, metadata);
            var installed = new Snapshot(metadata, default);
            storage.ApplySnapshot(installed);
            Record(groupId, s => s.ApplySnapshot(installed));
        }
    }

    private void Record(ulong groupId, Action<MemoryRaftLogStorage> action) =>
        pending.Add(model =>
        {
            action(model[groupId]);
            history[groupId].Add(action);
        });

    private Entry[] Entries(MemoryRaftLogStorage storage)
    {
        // Mostly append at the end; sometimes overwrite a suffix, as a new leader does.
        var first = storage.LastIndex + 1;
        if (storage.LastIndex >= storage.FirstIndex && random.Next(4) == 0)
        {
            first = storage.FirstIndex + (ulong)random.Next((int)(storage.LastIndex - storage.FirstIndex + 1));
        }

        var count = random.Next(1, 6);
        var entries = new Entry[count];
        for (var k = 0; k < count; k++)
        {
            var data = new byte[random.Next(0, 40)];
            random.NextBytes(data);
            var type = random.Next(10) == 0 ? EntryType.ConfChange : EntryType.Normal;
            entries[k] = new Entry((ulong)random.Next(1, 60), first + (ulong)k, type, data);
        }

        return entries;
    }

    // A working copy for validating later operations of the same batch: the committed history replayed.
    private MemoryRaftLogStorage Copy(ulong groupId)
    {
        var copy = new MemoryRaftLogStorage(bootstraps[groupId]);
        foreach (var action in history[groupId])
        {
            action(copy);
        }

        return copy;
    }
}
