using System.Buffers.Binary;

namespace EntityPlatform.Node.Shards;

/// <summary>
/// Client session → its last applied request id and the reply, so a retried command is applied once and
/// answered with the original reply (the Raft dissertation's §6.3 sessions, per shard).
///
/// A session registers itself with its first applied command and is expired explicitly, never silently
/// forgotten: the table is bounded by count and by bytes, and when it is full the session CREATED first
/// (UUIDv7 ids begin with their creation time; <see cref="CreationKey"/>) is expired, and the expiry
/// watermark moves up to it. A session unknown here whose key is at or below the watermark may be one that
/// expired, so its commands are refused (<see cref="DedupVerdict.Expired"/>) rather than applied again;
/// the client starts a new session. Eviction depends only on replicated data, so every replica expires
/// the same session at the same entry.
/// Invariant: every session in the table has a key above <see cref="ExpiredThrough"/>.
/// </summary>
public sealed class DedupTable(int maxSessions, long maxBytes)
{
    // What a record costs beyond its events and rejection: the dictionary entries, the key, the reply.
    private const int RecordOverheadBytes = 128;

    private readonly Dictionary<Guid, SessionRecord> sessions = [];
    private readonly SortedDictionary<UInt128, Guid> sessionsByCreation = [];

    public readonly record struct SessionRecord(ulong LastRequestId, CommandReply Reply);

    public int Count => sessions.Count;

    public int MaxSessions => maxSessions;

    public long MaxBytes => maxBytes;

    /// <summary>Bytes the records hold (events, rejections and a fixed overhead each).</summary>
    public long Bytes { get; private set; }

    /// <summary>The expiry watermark: every session whose <see cref="CreationKey"/> is at or below it counts as expired.</summary>
    public UInt128 ExpiredThrough { get; private set; }

    /// <summary>How many sessions were expired to keep the table within its bounds.</summary>
    public long ExpiredCount { get; private set; }

    /// <summary>The ordering key of a session id: its 16 bytes read big-endian, so a UUIDv7 sorts by creation time.</summary>
    public static UInt128 CreationKey(Guid session)
    {
        Span<byte> bytes = stackalloc byte[16];
        session.TryWriteBytes(bytes, bigEndian: true, out _);
        return BinaryPrimitives.ReadUInt128BigEndian(bytes);
    }

    public DedupVerdict Check(Guid session, ulong requestId, out CommandReply? reply)
    {
        reply = null;
        if (session == Guid.Empty)
        {
            return DedupVerdict.New;
        }

        if (!sessions.TryGetValue(session, out var record))
        {
            return CreationKey(session) <= ExpiredThrough ? DedupVerdict.Expired : DedupVerdict.New;
        }

        if (requestId > record.LastRequestId)
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

    /// <summary>Records an applied command; the caller checked it is <see cref="DedupVerdict.New"/>.</summary>
    public void Record(Guid session, ulong requestId, CommandReply reply)
    {
        if (session == Guid.Empty)
        {
            return;
        }

        var key = CreationKey(session);
        Invariant.Assert(key > ExpiredThrough, $"session {session} is recorded though it is at or below the expiry watermark");
        if (sessions.TryGetValue(session, out var previous))
        {
            Bytes -= SizeOf(previous.Reply);
        }
        else
        {
            sessionsByCreation.Add(key, session);
        }

        sessions[session] = new SessionRecord(requestId, reply);
        Bytes += SizeOf(reply);
        while (sessions.Count > maxSessions || (Bytes > maxBytes && sessions.Count > 0))
        {
            ExpireOldest();
        }
    }

    /// <summary>Every record, oldest session first, for snapshots.</summary>
    public IEnumerable<(Guid Session, SessionRecord Record)> Records() =>
        sessionsByCreation.Values.Select(session => (session, sessions[session]));

    /// <summary>Restores the watermark from a snapshot, before its records are recorded again.</summary>
    public void RestoreWatermark(UInt128 expiredThrough, long expiredCount)
    {
        Invariant.Assert(sessions.Count == 0, "the watermark is restored into an empty table");
        ExpiredThrough = expiredThrough;
        ExpiredCount = expiredCount;
    }

    private void ExpireOldest()
    {
        var (key, session) = sessionsByCreation.First();
        sessionsByCreation.Remove(key);
        Bytes -= SizeOf(sessions[session].Reply);
        sessions.Remove(session);
        ExpiredThrough = key;
        ExpiredCount++;
    }

    private static long SizeOf(CommandReply reply)
    {
        long bytes = RecordOverheadBytes + (reply.Rejection?.Length ?? 0) * sizeof(char);
        foreach (var @event in reply.Events)
        {
            bytes += @event.Length;
        }

        return bytes;
    }
}
