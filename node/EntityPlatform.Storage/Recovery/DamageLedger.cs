namespace EntityPlatform.Storage.Recovery;

/// <summary>
/// Which groups are refused because of damage, and since where. Damage pinned on one group refuses that
/// group; damage that cannot be pinned (a lost record, an unreadable header) refuses every group id, seen
/// or not, because any of them may have lost records there. A later GroupWiped record for a group clears
/// every refusal of that group that came before it.
/// </summary>
public sealed class DamageLedger
{
    private readonly Dictionary<ulong, Damage> groupDamage = [];
    private readonly HashSet<ulong> wipedSinceStoreDamage = [];

    /// <summary>The first damage no single group can be blamed for, or null.</summary>
    public Damage? StoreDamage { get; private set; }

    public IReadOnlyDictionary<ulong, Damage> GroupDamage => groupDamage;

    /// <summary>Every damage found, in log order, for the recovery report.</summary>
    public List<Damage> All { get; } = [];

    public void Add(Damage damage)
    {
        All.Add(damage);
        if (damage.GroupId is { } groupId)
        {
            groupDamage.TryAdd(groupId, damage);
            return;
        }

        if (StoreDamage is null)
        {
            StoreDamage = damage;
            wipedSinceStoreDamage.Clear();
        }
    }

    public void Wiped(ulong groupId)
    {
        groupDamage.Remove(groupId);
        if (StoreDamage is not null)
        {
            wipedSinceStoreDamage.Add(groupId);
        }
    }

    /// <summary>The damage that refuses <paramref name="groupId"/>, or null when the group may be used.</summary>
    public Damage? RefusalOf(ulong groupId)
    {
        if (groupDamage.TryGetValue(groupId, out var damage))
        {
            return damage;
        }

        return StoreDamage is not null && !wipedSinceStoreDamage.Contains(groupId) ? StoreDamage : null;
    }

    /// <summary>The lowest address a refusal still points at: compaction keeps the evidence until a wipe.</summary>
    public long? LowestPinnedAddress()
    {
        var addresses = groupDamage.Values.Select(d => d.Address).ToList();
        if (StoreDamage is not null)
        {
            addresses.Add(StoreDamage.Address);
        }

        return addresses.Count == 0 ? null : addresses.Min();
    }
}
