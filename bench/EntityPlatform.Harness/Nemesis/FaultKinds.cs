namespace EntityPlatform.Harness.Nemesis;

public static class FaultKinds
{
    public static readonly IReadOnlyList<FaultKind> Processes = [FaultKind.KillLeader, FaultKind.PauseLeader, FaultKind.WipeRestartLeader, FaultKind.KillRandom];

    public static readonly IReadOnlyList<FaultKind> Partitions = [FaultKind.IsolateLeader, FaultKind.IsolateMinority, FaultKind.DropLeaderInbound, FaultKind.DropLeaderOutbound];

    public static bool NeedsNetns(FaultKind kind) => Partitions.Contains(kind);

    /// <summary>Faults after which the member is still running on its old state: a deposed leader that may still answer reads.</summary>
    public static bool LeavesMemberRunning(FaultKind kind) => kind == FaultKind.PauseLeader || NeedsNetns(kind);

    /// <summary>Parses <c>--kinds IsolateLeader,KillLeader</c>; an unknown name is an error listing the known ones.</summary>
    public static IReadOnlyList<FaultKind> Parse(string text) => text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
        .Select(name => !char.IsAsciiDigit(name[0]) && Enum.TryParse<FaultKind>(name, ignoreCase: true, out var kind)
            ? kind
            : throw new ArgumentException($"--kinds: unknown fault kind '{name}'; expected some of {string.Join(", ", Enum.GetNames<FaultKind>())}"))
        .ToList() is { Count: > 0 } kinds ? kinds : throw new ArgumentException("--kinds is empty; name at least one fault kind");
}
