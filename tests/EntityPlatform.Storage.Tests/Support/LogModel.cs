using EntityPlatform.Consensus.Log;
using EntityPlatform.Consensus.Messages;
using EntityPlatform.Storage.Engine;

namespace EntityPlatform.Storage.Tests.Support;

/// <summary>
/// The reference: one MemoryRaftLogStorage per group, fed the same operations as the engine once their
/// batch is committed. <see cref="AssertSame"/> compares every read of the engine's views with it.
/// </summary>
public static class LogModel
{
    public static void AssertSame(Dictionary<ulong, MemoryRaftLogStorage> model, LogEngine engine, Random random, string context)
    {
        var modelIds = string.Join(',', model.Keys.Order());
        var engineIds = string.Join(',', engine.GroupIds);
        Assert.True(modelIds == engineIds, $"{context}: group ids differ: model [{modelIds}] engine [{engineIds}]");
        foreach (var (id, expected) in model)
        {
            AssertGroup(expected, engine.Group(id), random, $"{context}, group {id}");
        }
    }

    private static void AssertGroup(MemoryRaftLogStorage expected, GroupLogView actual, Random random, string where)
    {
        Assert.True(expected.FirstIndex == actual.FirstIndex, $"{where}: FirstIndex {actual.FirstIndex}, expected {expected.FirstIndex}");
        Assert.True(expected.LastIndex == actual.LastIndex, $"{where}: LastIndex {actual.LastIndex}, expected {expected.LastIndex}");
        Assert.True(expected.InitialState().HardState == actual.InitialState().HardState, $"{where}: hard state {actual.HardState}, expected {expected.HardState}");
        Assert.True(expected.InitialState().ConfState.Equals(actual.InitialState().ConfState), $"{where}: conf state differs");
        expected.TryGetSnapshot(out var snapshot);
        actual.TryGetSnapshot(out var actualSnapshot);
        Assert.True(snapshot.Metadata.Index == actualSnapshot.Metadata.Index && snapshot.Metadata.Term == actualSnapshot.Metadata.Term,
            $"{where}: snapshot {actualSnapshot.Metadata}, expected {snapshot.Metadata}");
        var low = expected.FirstIndex > 2 ? expected.FirstIndex - 2 : 0;
        for (var index = low; index <= expected.LastIndex + 1; index++)
        {
            var e = expected.TryGetTerm(index, out var expectedTerm);
            var a = actual.TryGetTerm(index, out var actualTerm);
            Assert.True(e == a && expectedTerm == actualTerm, $"{where}: term at {index}: {a}/{actualTerm}, expected {e}/{expectedTerm}");
        }

        for (var probe = 0; probe < 4; probe++)
        {
            var from = low + (ulong)random.Next((int)(expected.LastIndex + 2 - low));
            var to = from + (ulong)random.Next((int)(expected.LastIndex + 2 - from));
            var maxBytes = (ulong)random.Next(0, 400);
            var e = expected.TryGetEntries(from, to, maxBytes, out var expectedEntries);
            var a = actual.TryGetEntries(from, to, maxBytes, out var actualEntries);
            Assert.True(e == a, $"{where}: entries [{from},{to}) lookup {a}, expected {e}");
            Assert.True(expectedEntries.SequenceEqual(actualEntries), $"{where}: entries [{from},{to}) max {maxBytes} differ");
        }
    }
}
