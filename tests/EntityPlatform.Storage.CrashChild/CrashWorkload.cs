using EntityPlatform.Consensus.Log;
using EntityPlatform.Consensus.Messages;
using EntityPlatform.Hashing;
using EntityPlatform.Storage.Engine;

namespace EntityPlatform.Storage.CrashChild;

/// <summary>
/// The deterministic workload of the crash tests. Batch number b is a pure function of b and of the
/// state the previous batches left, so the parent can recompute the exact expected state for any durable
/// batch number with MemoryRaftLogStorage and compare it with what the store recovered. Every tenth batch
/// is a compaction pass instead (relocation + head truncation, also one commit).
/// </summary>
public static class CrashWorkload
{
    public const int Groups = 24;
    public const int EntryBytes = 128;

    public static bool IsCompaction(ulong batch) => batch % 10 == 0;

    /// <summary>Fills <paramref name="batch"/> for batch number <paramref name="number"/> against the engine's state.</summary>
    public static void Fill(ulong number, Func<ulong, IRaftLogStorage?> group, WriteBatch batch) =>
        Generate(number, group, new BatchSink(batch));

    /// <summary>Applies batch number <paramref name="number"/> to the reference model.</summary>
    public static void Apply(ulong number, Dictionary<ulong, MemoryRaftLogStorage> model)
    {
        if (!IsCompaction(number))
        {
            Generate(number, id => model.GetValueOrDefault(id), new ModelSink(model));
        }
    }

    /// <summary>The data an entry of group g at index i with term t must hold: anything else is a phantom.</summary>
    public static byte[] DataFor(ulong groupId, ulong index, ulong term)
    {
        var data = new byte[EntryBytes];
        BitConverter.TryWriteBytes(data, groupId);
        BitConverter.TryWriteBytes(data.AsSpan(8), index);
        BitConverter.TryWriteBytes(data.AsSpan(16), term);
        BitConverter.TryWriteBytes(data.AsSpan(24), Crc32C.Compute(data.AsSpan(0, 24)));
        return data;
    }

    private static void Generate(ulong number, Func<ulong, IRaftLogStorage?> group, ISink sink)
    {
        var random = new Random((int)(number * 7919 % int.MaxValue));
        var touched = new HashSet<ulong>();
        var operations = random.Next(1, 12);
        for (var k = 0; k < operations; k++)
        {
            var groupId = (ulong)random.Next(1, Groups + 1);
            if (!touched.Add(groupId))
            {
                continue;
            }

            var storage = group(groupId);
            if (storage is null)
            {
                sink.Bootstrap(groupId, ConfState.OfVoters(1, 2, 3));
                continue;
            }

            Step(number, groupId, storage, random, sink);
        }
    }

    private static void Step(ulong number, ulong groupId, IRaftLogStorage storage, Random random, ISink sink)
    {
        storage.TryGetSnapshot(out var snapshot);
        var choice = random.Next(10);
        if (choice < 7)
        {
            // Mostly appends at the end; one in four overwrites the last two entries with a newer term.
            var first = storage.LastIndex + 1;
            if (choice == 0 && storage.LastIndex >= storage.FirstIndex + 1)
            {
                first = storage.LastIndex - 1;
            }

            var entries = new Entry[random.Next(1, 40)];
            for (var i = 0; i < entries.Length; i++)
            {
                var index = first + (ulong)i;
                entries[i] = new Entry(number, index, EntryType.Normal, DataFor(groupId, index, number));
            }

            sink.Append(groupId, entries);
            sink.HardState(groupId, new HardState(number, 1, first - 1));
        }
        else if (storage.LastIndex > snapshot.Metadata.Index + 8)
        {
            var index = storage.LastIndex - 4;
            sink.Snapshot(groupId, index, ConfState.OfVoters(1, 2, 3));
            sink.Compact(groupId, index);
        }
    }

    private interface ISink
    {
        void Bootstrap(ulong groupId, ConfState conf);
        void Append(ulong groupId, Entry[] entries);
        void HardState(ulong groupId, HardState state);
        void Snapshot(ulong groupId, ulong index, ConfState conf);
        void Compact(ulong groupId, ulong index);
    }

    private sealed class BatchSink(WriteBatch batch) : ISink
    {
        public void Bootstrap(ulong groupId, ConfState conf) => batch.Bootstrap(groupId, conf);
        public void Append(ulong groupId, Entry[] entries) => batch.Append(groupId, entries);
        public void HardState(ulong groupId, HardState state) => batch.SetHardState(groupId, state);
        public void Snapshot(ulong groupId, ulong index, ConfState conf) => batch.CreateSnapshot(groupId, index, conf);
        public void Compact(ulong groupId, ulong index) => batch.Compact(groupId, index);
    }

    private sealed class ModelSink(Dictionary<ulong, MemoryRaftLogStorage> model) : ISink
    {
        public void Bootstrap(ulong groupId, ConfState conf) => model[groupId] = new MemoryRaftLogStorage(conf);
        public void Append(ulong groupId, Entry[] entries) => model[groupId].Append(entries);
        public void HardState(ulong groupId, HardState state) => model[groupId].SetHardState(state);
        public void Snapshot(ulong groupId, ulong index, ConfState conf) => model[groupId].CreateSnapshot(index, conf, default);
        public void Compact(ulong groupId, ulong index) => model[groupId].Compact(index);
    }
}
