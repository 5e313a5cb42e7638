namespace EntityPlatform.Storage.Recovery;

/// <summary>Damage found before the durable end of the log: where, which group (null: unknown), what.</summary>
public sealed record Damage(long Address, string Location, ulong? GroupId, string Detail)
{
    public override string ToString() =>
        $"{Location}: group {(GroupId is { } id ? id.ToString() : "unknown")}: {Detail}";
}
