namespace EntityPlatform.Harness.Checking;

/// <summary>
/// A bounded-staleness read that broke its promise: <see cref="Reason"/> says how, and <see cref="Evidence"/>
/// names the acknowledged writes that were committed by the read's horizon yet missing from what it returned.
/// </summary>
public sealed record StaleRead(Operation Read, string Reason, IReadOnlyList<Operation> Evidence)
{
    public string Describe()
    {
        var shown = Evidence.Count <= 3 ? Evidence : Evidence.Skip(Evidence.Count - 3).ToList();
        return $"{Read.Key}: {Read} {Reason}" + (Evidence.Count == 0 ? "" : $"; e.g. [{string.Join("; ", shown)}]");
    }
}
