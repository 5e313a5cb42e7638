namespace EntityPlatform.Storage.Engine;

/// <summary>
/// Data that was durable is damaged. Thrown when a refused group is used; <see cref="Location"/> names the
/// file and offset, <see cref="GroupId"/> the group (null when the damage cannot be pinned on one group).
/// The cure is <c>LogEngine.WipeGroup</c> (or the bench's <c>wipe-group</c> verb), after which the replica
/// rejoins from its peers through a snapshot.
/// </summary>
public sealed class StorageCorruptionException(string location, ulong? groupId, string detail)
    : Exception($"storage corruption at {location}, group {(groupId is { } id ? id.ToString() : "unknown (every group refused)")}: " +
                $"{detail}. The replica's data is not trusted; wipe it (LogEngine.WipeGroup / `storage-bench wipe-group`) " +
                "so it rejoins from its peers by snapshot.")
{
    public string Location { get; } = location;
    public ulong? GroupId { get; } = groupId;
    public string Detail { get; } = detail;
}
