namespace EntityPlatform.Simulation.Network;

/// <summary>
/// Which directed links are cut and until when. A symmetric partition cuts both directions between two
/// sides; a one-way cut models an asymmetric failure (a firewall rule, a full send queue), the case that
/// breaks protocols which assume a peer that hears us can also answer.
/// </summary>
public sealed class LinkTable(int nodeCount)
{
    // Index [from, to] by node id; ids start at 1. Holds the tick at which the cut heals; 0 = open.
    private readonly long[,] cutUntilTick = new long[nodeCount + 1, nodeCount + 1];

    public bool IsCut(ulong from, ulong to, long nowTicks) => cutUntilTick[from, to] > nowTicks;

    public void Cut(ulong from, ulong to, long untilTick) =>
        cutUntilTick[from, to] = Math.Max(cutUntilTick[from, to], untilTick);

    public void HealAll() => Array.Clear(cutUntilTick);

    public int CutCount(long nowTicks)
    {
        var count = 0;
        foreach (var until in cutUntilTick)
        {
            count += until > nowTicks ? 1 : 0;
        }

        return count;
    }
}
