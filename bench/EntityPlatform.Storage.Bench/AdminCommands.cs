using EntityPlatform.Storage.Engine;
using EntityPlatform.Storage.Snapshots;

namespace EntityPlatform.Storage.Bench;

/// <summary>
/// Operator verbs on a stopped node's store. The log lives in <c>dir</c>, snapshot files in
/// <c>dir/snapshots</c> (the node's layout).
/// </summary>
internal static class AdminCommands
{
    public static void Inspect(string directory)
    {
        using var engine = LogEngine.Open(directory);
        Console.WriteLine(engine.Recovery);
        Console.WriteLine($"groups: {engine.GroupIds.Count}, log bytes: {engine.LogBytes}");
        foreach (var damage in engine.Recovery.Damage)
        {
            Console.WriteLine("damage: " + damage);
        }

        foreach (var (groupId, damage) in engine.RefusedGroups)
        {
            Console.WriteLine($"refused group {groupId}: {damage}");
        }
    }

    public static void WipeGroup(string directory, ulong groupId)
    {
        using var engine = LogEngine.Open(directory);
        var batch = engine.WipeGroup(groupId);
        var snapshots = Path.Combine(directory, "snapshots");
        var deleted = Directory.Exists(snapshots) ? new SnapshotStore(snapshots).DeleteGroup(groupId) : 0;
        Console.WriteLine($"group {groupId} wiped (durable in batch {batch}, {deleted} snapshot files deleted); " +
                          "it rejoins from its peers by snapshot when the node starts");
    }
}
