namespace EntityPlatform.Simulation.Checking;

/// <summary>
/// Linearizable reads: a read must observe every write acknowledged before it began and everything an
/// earlier completed read observed. The watermark is the highest such index; a read's ReadIndex answer
/// must reach it, and the value it returns for its key must be at least as new as the key's watermark.
/// </summary>
public sealed class ReadChecker(int keyCount)
{
    private readonly ulong[] keyWatermarks = new ulong[keyCount];
    private ulong watermarkIndex;

    public ReadTicket Begin(ulong context, int key) => new(context, key, watermarkIndex, keyWatermarks[key]);

    public void OnWriteAcked(AckedWrite write)
    {
        watermarkIndex = Math.Max(watermarkIndex, write.Index);
        keyWatermarks[write.Key] = Math.Max(keyWatermarks[write.Key], write.Index);
    }

    /// <summary>A read was served on <paramref name="nodeId"/> at <paramref name="appliedIndex"/> (≥ its ReadIndex answer).</summary>
    public void Complete(ReadTicket ticket, ulong nodeId, ulong readIndex, ulong appliedIndex, ulong keyWriteIndex)
    {
        if (readIndex < ticket.WatermarkIndex)
        {
            throw new SafetyViolationException("reads are linearizable",
                $"read ctx {ticket.Context} on n{nodeId} got read index {readIndex}, but index {ticket.WatermarkIndex} was acknowledged or observed before it began");
        }

        if (keyWriteIndex < ticket.KeyWatermarkIndex)
        {
            throw new SafetyViolationException("reads are linearizable",
                $"read ctx {ticket.Context} on n{nodeId} returned key{ticket.Key} as written at {keyWriteIndex}, but the write at {ticket.KeyWatermarkIndex} was acknowledged or observed before it began");
        }

        watermarkIndex = Math.Max(watermarkIndex, appliedIndex);
        keyWatermarks[ticket.Key] = Math.Max(keyWatermarks[ticket.Key], keyWriteIndex);
    }
}
