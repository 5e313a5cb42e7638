namespace EntityPlatform.Harness.Checking;

public sealed record DurabilityResult(int KeysChecked, int AcknowledgedWrites, IReadOnlyList<LostWrite> Lost)
{
    public bool Ok => Lost.Count == 0;
}
