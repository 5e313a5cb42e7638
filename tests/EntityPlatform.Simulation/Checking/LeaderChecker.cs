namespace EntityPlatform.Simulation.Checking;

/// <summary>Election safety: at most one leader per term, over the whole run (a term's leader is remembered after it steps down).</summary>
public sealed class LeaderChecker
{
    private readonly Dictionary<ulong, ulong> leaderByTerm = [];

    public void OnLeader(ulong term, ulong nodeId)
    {
        if (leaderByTerm.TryGetValue(term, out var known))
        {
            if (known != nodeId)
            {
                throw new SafetyViolationException("one leader per term", $"n{known} and n{nodeId} both led term {term}");
            }

            return;
        }

        leaderByTerm[term] = nodeId;
    }

    public bool TryGetLeader(ulong term, out ulong nodeId) => leaderByTerm.TryGetValue(term, out nodeId);
}
