namespace EntityPlatform.Storage.Engine;

public sealed partial class LogEngine
{
    /// <summary>
    /// Wipes a group's replica, refused or not: writes and commits a GroupWiped record (which voids every
    /// earlier record of the group, damaged ones included) and forgets the group. The node then treats it
    /// as a new member: it is bootstrapped empty or receives a snapshot from the leader and catches up.
    /// Delete its snapshot files too (<c>SnapshotStore.DeleteGroup</c>). Returns the durable batch number.
    /// </summary>
    public ulong WipeGroup(ulong groupId)
    {
        ThrowIfFaulted();
        try
        {
            encoder.Wiped(groupId);
            ledger.Wiped(groupId);
            views.Remove(groupId);
            return CommitDevice();
        }
        catch (Exception ex) when (ex is not InvariantViolationException)
        {
            if (RollBackIfDiskFull(ex, $"the wipe of group {groupId}") is { } full)
            {
                throw full;
            }

            throw;
        }
    }
}
