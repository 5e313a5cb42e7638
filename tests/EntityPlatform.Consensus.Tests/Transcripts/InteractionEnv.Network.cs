namespace EntityPlatform.Consensus.Tests.Transcripts;

public sealed partial class InteractionEnv
{
    private readonly HashSet<(ulong From, ulong To)> cutLinks = [];
    private readonly HashSet<ulong> isolated = [];

    private bool IsCut(ulong from, ulong to) => cutLinks.Contains((from, to)) || isolated.Contains(from) || isolated.Contains(to);

    private void Isolate(ulong id) => isolated.Add(id);

    /// <summary>A one-way partition: messages from <paramref name="from"/> to <paramref name="to"/> are dropped.</summary>
    private void Cut(ulong from, ulong to) => cutLinks.Add((from, to));

    private void Heal()
    {
        cutLinks.Clear();
        isolated.Clear();
    }
}
