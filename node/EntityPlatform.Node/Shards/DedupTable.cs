namespace EntityPlatform.Node.Shards;

/// <summary>
/// Client session → its last applied request id and the reply, so a retried command is applied once and
/// answered with the original reply. Clients number requests per session monotonically. The table is
/// bounded: past <c>maxSessions</c> the session applied least recently is forgotten. Eviction depends only
/// on replicated data (the log index), so every replica forgets the same session at the same entry.
/// </summary>
public sealed class DedupTable(int maxSessions)
{
    private readonly Dictionary<Guid, SessionRecord> sessions = [];
    private readonly SortedDictionary<ulong, Guid> sessionsByIndex = [];

    public readonly record struct SessionRecord(ulong LastRequestId, CommandReply Reply);

    public int Count => sessions.Count;

    public int MaxSessions => maxSessions;

    public DedupVerdict Check(Guid session, ulong requestId, out CommandReply? reply)
    {
        reply = null;
        if (session == Guid.Empty || !sessions.TryGetValue(session, out var record) || requestId > record.LastRequestId)
        {
            return DedupVerdict.New;
        }

        if (requestId == record.LastRequestId)
        {
            reply = record.Reply;
            return DedupVerdict.Duplicate;
        }

        return DedupVerdict.Stale;
    }

    public void Record(Guid session, ulong requestId, CommandReply reply)
    {
        if (session == Guid.Empty)
        {
            return;
        }

        if (sessions.TryGetValue(session, out var previous))
        {
            sessionsByIndex.Remove(previous.Reply.Index);
        }

        sessions[session] = new SessionRecord(requestId, reply);
        sessionsByIndex[reply.Index] = session;
        while (sessions.Count > maxSessions)
        {
            var (index, oldest) = sessionsByIndex.First();
            sessionsByIndex.Remove(index);
            sessions.Remove(oldest);
        }
    }

    /// <summary>Every record, oldest first, for snapshots.</summary>
    public IEnumerable<(Guid Session, SessionRecord Record)> Records() =>
        sessionsByIndex.Select(pair => (pair.Value, sessions[pair.Value]));
}
