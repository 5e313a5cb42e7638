using System.Text;

namespace EntityPlatform.Consensus.Messages;

/// <summary>
/// One Raft log entry. A value type so a batch of entries is one array, not one object per entry.
/// Invariant: Index ≥ 1 and Term ≥ 1 for every entry that is in a log.
/// </summary>
public readonly record struct Entry(ulong Term, ulong Index, EntryType Type, ReadOnlyMemory<byte> Data)
{
    /// <summary>Bytes the entry costs against size limits (payload plus a fixed header estimate).</summary>
    public ulong SizeBytes => (ulong)Data.Length + HeaderSizeBytes;

    /// <summary>The per-entry overhead counted by flow control and batch limits.</summary>
    public const ulong HeaderSizeBytes = 24;

    /// <summary>Canonical text form used in transcripts: <c>term/index EntryType "data"</c>.</summary>
    public override string ToString()
    {
        var text = new StringBuilder();
        text.Append(Term).Append('/').Append(Index).Append(' ').Append(Type == EntryType.Normal ? "EntryNormal" : "EntryConfChange");
        if (Type == EntryType.ConfChange && ConfChangeCodec.TryDecode(Data.Span, out var change, out _))
        {
            text.Append(' ').Append(change);
        }
        else if (!Data.IsEmpty)
        {
            text.Append(' ').Append(TextForm.Bytes(Data.Span));
        }

        return text.ToString();
    }

    /// <summary>Structural equality: two entries are equal when term, index, type and data bytes match.</summary>
    public bool Equals(Entry other) =>
        Term == other.Term && Index == other.Index && Type == other.Type && Data.Span.SequenceEqual(other.Data.Span);

    public override int GetHashCode() => HashCode.Combine(Term, Index, Type, Data.Length);
}
