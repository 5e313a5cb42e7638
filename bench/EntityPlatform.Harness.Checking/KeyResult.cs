namespace EntityPlatform.Harness.Checking;

/// <summary>
/// The verdict for one key. When it is not linearizable, <see cref="Offending"/> names the operations that
/// could not be placed after the longest legal prefix the search found (<see cref="DeepestPrefix"/>): the
/// earliest-completing acknowledged op still pending there, and every op whose result was impossible there.
/// </summary>
public sealed record KeyResult(string Key, Verdict Verdict, long Steps, int OperationCount,
    IReadOnlyList<Operation> Offending, IReadOnlyList<Operation> DeepestPrefix)
{
    public string Describe()
    {
        if (Verdict != Verdict.NotLinearizable)
        {
            return $"{Key}: {Verdict} ({OperationCount} ops, {Steps} steps)";
        }

        var prefix = DeepestPrefix.Count <= 5 ? DeepestPrefix : DeepestPrefix.Skip(DeepestPrefix.Count - 5).ToList();
        return $"{Key}: NOT linearizable ({OperationCount} ops). Longest legal prefix ends with [{string.Join("; ", prefix)}]; " +
               $"cannot place next: [{string.Join("; ", Offending)}]";
    }
}
